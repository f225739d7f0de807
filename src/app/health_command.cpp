#include "app/health_command.hpp"

#include <algorithm>
#include <iostream>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "app/engine_connection.hpp"
#include "app/release_loader.hpp"
#include "health/dependency_check.hpp"
#include "health/level_check.hpp"
#include "plan/fingerprint.hpp"
#include "plan/plan.hpp"
#include "state/observed_state.hpp"

namespace chora::app {
namespace {

using manifest::HealthLevel;

constexpr HealthLevel kLevels[] = {HealthLevel::kRunning, HealthLevel::kHealthcheck,
                                   HealthLevel::kLiveness, HealthLevel::kReadiness,
                                   HealthLevel::kSmoke};

// Every level passes, but on containers not as the manifest describes them.
constexpr int kDriftFromManifest = 6;

// One container's levels: "ok", "FAIL", "-" (not required) or "not reached".
struct Row {
  std::string service;
  std::string container = "-";
  std::map<HealthLevel, std::string> cells;
  std::optional<HealthLevel> failed;
  std::string failure;
  // How the container differs from the manifest, as plan words it; empty when it does
  // not, or for a missing one.
  std::vector<std::string> changes;
};

std::vector<std::string> running_ids(const state::ObservedState& observed,
                                     const std::string& service) {
  std::vector<std::string> ids;
  for (const state::ObservedContainer* container : observed.current(service)) {
    if (container->running()) ids.push_back(container->id);
  }
  return ids;
}

// The dependencies' side of readiness: what runs for each dependency passes its lower
// levels.
health::DependencyCheck dependencies_of(docker::Engine& engine, const LoadedRelease& loaded,
                                        const state::ObservedState& observed,
                                        const manifest::Service& service) {
  // A finished task has no health to keep; gates leave it out of readiness too.
  bool serving =
      std::any_of(service.depends_on.begin(), service.depends_on.end(),
                  [&loaded](const std::string& name) { return !loaded.manifest.find(name)->task; });
  if (!serving) return nullptr;
  return [&engine, &loaded, &observed, &service]() -> health::ProbeResult {
    for (const std::string& name : service.depends_on) {
      const manifest::Service& dependency = *loaded.manifest.find(name);
      if (dependency.task) continue;
      health::ProbeResult result = health::check_dependency(
          engine, loaded.manifest.network, dependency, running_ids(observed, name));
      if (!result.passed()) return result;
    }
    return {health::ProbeResult::Verdict::kPass, "dependencies healthy"};
  };
}

// A row for what does not exist at all: a service without containers, missing replicas.
Row missing_row(const std::string& service, std::string failure) {
  Row row{service, "-", {}, HealthLevel::kRunning, std::move(failure), {}};
  for (HealthLevel level : kLevels) row.cells[level] = "not reached";
  row.cells[HealthLevel::kRunning] = "FAIL";
  return row;
}

Row row_of(const std::string& service, const std::string& container,
           const health::LevelCheck& check, const health::Look& look) {
  Row row{service, container, {}, std::nullopt, "", {}};
  for (HealthLevel level : kLevels) {
    row.cells[level] = check.requires_level(level, look.has_healthcheck) ? "not reached" : "-";
  }
  for (const health::LevelResult& level : look.levels) {
    row.cells[level.level] = level.result.passed() ? "ok" : "FAIL";
    if (!level.result.passed() && !row.failed) {
      row.failed = level.level;
      row.failure = level.result.detail;
    }
  }
  return row;
}

std::vector<Row> check_release(docker::Engine& engine, const LoadedRelease& loaded,
                               const state::ObservedState& observed) {
  std::vector<Row> rows;
  for (const std::string& name : loaded.graph.rollout_order()) {
    const manifest::Service& service = *loaded.manifest.find(name);
    if (service.task) continue;  // a task is done; it has no health to keep
    std::vector<const state::ObservedContainer*> containers =
        observed.deployed(name, service.replicas);
    if (containers.empty()) {
      rows.push_back(missing_row(name, "no container of the service exists"));
      continue;
    }
    health::LevelCheck check(engine, service.health, loaded.manifest.network,
                             dependencies_of(engine, loaded, observed, service),
                             health::output_quoting_of(service));
    plan::Fingerprint wanted = plan::fingerprint_of(loaded.manifest, service);
    for (const state::ObservedContainer* container : containers) {
      // A smoke command may take as long as the service's gate would give it.
      health::Look look = check.look(container->id, service.health.timeout, true);
      rows.push_back(row_of(name, container->name, check, look));
      rows.back().changes = plan::configuration_changes(*container, service.version, wanted);
    }
    int count = static_cast<int>(containers.size());
    if (count < service.replicas) {
      rows.push_back(missing_row(
          name, fmt::format("{} of the manifest's {} replicas exist", count, service.replicas)));
    }
  }
  return rows;
}

void print_text(const std::vector<Row>& rows) {
  std::size_t service = 7;
  std::size_t container = 9;
  for (const Row& row : rows) {
    service = std::max(service, row.service.size());
    container = std::max(container, row.container.size());
  }
  std::cout << fmt::format("{:<{}}  {:<{}}  {:<11}  {:<11}  {:<11}  {:<11}  {}\n", "SERVICE",
                           service, "CONTAINER", container, "RUNNING", "HEALTHCHECK", "LIVENESS",
                           "READINESS", "SMOKE");
  for (const Row& row : rows) {
    std::cout << fmt::format(
        "{:<{}}  {:<{}}  {:<11}  {:<11}  {:<11}  {:<11}  {}\n", row.service, service, row.container,
        container, row.cells.at(HealthLevel::kRunning), row.cells.at(HealthLevel::kHealthcheck),
        row.cells.at(HealthLevel::kLiveness), row.cells.at(HealthLevel::kReadiness),
        row.cells.at(HealthLevel::kSmoke));
  }
  for (const Row& row : rows) {
    if (!row.failed) continue;
    std::cout << fmt::format("\n{} ({}): {}: {}", row.service, row.container,
                             manifest::level_name(*row.failed), row.failure);
  }
  if (std::any_of(rows.begin(), rows.end(), [](const Row& row) { return row.failed; })) {
    std::cout << "\n";
  }
}

void print_json(const std::vector<Row>& rows, const std::vector<std::string>& drift,
                int exit_code) {
  nlohmann::json containers = nlohmann::json::array();
  for (const Row& row : rows) {
    nlohmann::json levels = nlohmann::json::object();
    for (HealthLevel level : kLevels) {
      levels[std::string(manifest::level_name(level))] = row.cells.at(level);
    }
    nlohmann::json entry = {
        {"service", row.service}, {"container", row.container}, {"levels", levels}};
    if (row.failed) {
      entry["failed_level"] = static_cast<int>(*row.failed);
      entry["failure"] = row.failure;
    }
    containers.push_back(entry);
  }
  std::cout << nlohmann::json(
                   {{"exit_code", exit_code}, {"containers", containers}, {"drift", drift}})
                   .dump(2)
            << "\n";
}

// The services whose containers are not as the manifest describes them, each once, in
// plan's words, which say what apply would change: "api differs from the manifest; apply
// would change: version 1 -> 2, env changed".
std::vector<std::string> drift_of(const std::vector<Row>& rows) {
  std::vector<std::string> found;
  std::set<std::string> seen;
  for (const Row& row : rows) {
    if (row.changes.empty() || !seen.insert(row.service).second) continue;
    found.push_back(fmt::format("{} differs from the manifest; apply would change: {}", row.service,
                                fmt::join(row.changes, ", ")));
  }
  return found;
}

}  // namespace

int run_health(const GlobalOptions&, const HealthOptions& options) {
  LoadedRelease loaded = load_release(options.manifest_path);
  std::unique_ptr<docker::DockerClient> engine = connect_engine();
  state::ObservedState observed =
      state::read_observed_state(*engine, loaded.manifest.environment, loaded.manifest.network);

  std::vector<Row> rows = check_release(*engine, loaded, observed);
  int exit_code = 0;
  for (const Row& row : rows) {
    if (!row.failed) continue;
    int level = static_cast<int>(*row.failed);
    exit_code = exit_code == 0 ? level : std::min(exit_code, level);
  }
  // The levels are checked on what runs, with the manifest's gates. When that is not what
  // the manifest describes, a pass must not read as "this manifest is live", e.g. after a
  // failed apply of it.
  std::vector<std::string> drift = drift_of(rows);
  if (exit_code == 0 && !drift.empty()) exit_code = kDriftFromManifest;

  if (options.output == "json") {
    print_json(rows, drift, exit_code);
  } else {
    print_text(rows);
  }
  std::cout.flush();  // the table first, then what to keep in mind when reading it
  for (const std::string& difference : drift) {
    spdlog::warn("{}; its levels were checked on what runs", difference);
  }
  return exit_code;
}

}  // namespace chora::app
