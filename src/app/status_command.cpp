#include "app/status_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/engine_connection.hpp"
#include "app/release_loader.hpp"
#include "manifest/names.hpp"
#include "state/environment_lock.hpp"
#include "state/observed_state.hpp"
#include "state/release_record.hpp"

namespace chora::app {
namespace {

// One line of the status table.
struct ServiceRow {
  std::string service;
  std::string version = "-";
  std::string state = "missing";
  std::string health = "-";
  int revision = 0;
  std::string container = "-";
  int old_containers = 0;
};

std::string health_of(docker::Engine& engine, const state::ObservedContainer& container) {
  std::optional<docker::ContainerDetails> details = engine.inspect_container(container.id);
  if (!details || !details->state.health) return "-";
  // After a stop the engine leaves "unhealthy" behind; it means nothing then.
  if (!details->state.running) return "-";
  return *details->state.health;
}

// `replicas`: how many each service should have, from the manifest; without one, a
// stopped container of the revision that runs counts as deployed whatever runs.
std::vector<ServiceRow> collect_rows(docker::Engine& engine, const state::ObservedState& observed,
                                     const std::vector<std::string>& expected,
                                     const std::map<std::string, int>& replicas) {
  // The manifest's services in rollout order, then anything else the engine runs.
  std::vector<std::string> names = expected;
  for (const std::string& service : observed.services()) {
    if (std::find(names.begin(), names.end(), service) == names.end()) names.push_back(service);
  }

  // One row per container: a service with replicas has several.
  std::vector<ServiceRow> rows;
  for (const std::string& name : names) {
    auto wanted = replicas.find(name);
    std::vector<const state::ObservedContainer*> shown =
        observed.deployed(name, wanted == replicas.end() ? 0 : wanted->second);
    if (shown.empty()) rows.push_back(ServiceRow{name});
    for (const state::ObservedContainer* container : shown) {
      ServiceRow row;
      row.service = name;
      row.version = container->version;
      row.state = container->state;
      row.health = container->running() ? health_of(engine, *container) : "-";
      row.revision = container->revision;
      row.container = container->name;
      rows.push_back(row);
    }
    if (!shown.empty()) {
      std::size_t current = observed.current(name).size();
      rows[rows.size() - shown.size()].old_containers =
          static_cast<int>(observed.leftovers(name).size() - (shown.size() - current));
    }
  }
  return rows;
}

std::string header_of(const std::string& environment, const state::ObservedState& observed,
                      const std::optional<state::ReleaseRecord>& record) {
  if (!record) {
    return fmt::format("Environment {}: no release recorded by this machine\n", environment);
  }
  std::string release = fmt::format("release {} (revision {}), committed {} by {}", record->release,
                                    record->revision, record->committed_at,
                                    record->deployed_by.empty() ? "unknown" : record->deployed_by);
  // The record is this machine's memory; the engine may have lost the containers since.
  if (observed.containers.empty()) {
    return fmt::format("Environment {}: nothing runs; the last {}\n", environment, release);
  }
  return fmt::format("Environment {}: {}\n", environment, release);
}

// `applying`: who holds the environment's lock, when an apply is running.
void print_text(const std::string& environment, const state::ObservedState& observed,
                const std::optional<state::ReleaseRecord>& record,
                const std::optional<std::string>& applying, const std::vector<ServiceRow>& rows) {
  std::cout << header_of(environment, observed, record);
  if (applying) {
    std::cout << fmt::format("An apply is running ({}): what is shown may be half way.\n",
                             *applying);
  }
  std::cout << "\n";
  if (rows.empty()) {
    std::cout << "No container of this environment is on the engine.\n";
    return;
  }
  // The column is Docker's HEALTHCHECK only, and says so: `health` runs every level.
  std::cout << fmt::format("{:<24} {:<14} {:<10} {:<12} {:<9} {}\n", "SERVICE", "VERSION", "STATE",
                           "HEALTHCHECK", "REVISION", "CONTAINER");
  for (const ServiceRow& row : rows) {
    std::string revision = row.revision > 0 ? std::to_string(row.revision) : "-";
    std::string container = row.container;
    if (row.old_containers > 0) container += fmt::format(" (+{} old)", row.old_containers);
    std::cout << fmt::format("{:<24} {:<14} {:<10} {:<12} {:<9} {}\n", row.service, row.version,
                             row.state, row.health, revision, container);
  }
}

void print_json(const std::string& environment, const std::optional<state::ReleaseRecord>& record,
                const std::optional<std::string>& applying, const std::vector<ServiceRow>& rows) {
  nlohmann::json services = nlohmann::json::array();
  for (const ServiceRow& row : rows) {
    services.push_back({{"service", row.service},
                        {"version", row.version},
                        {"state", row.state},
                        {"health", row.health},
                        {"revision", row.revision},
                        {"container", row.container},
                        {"old_containers", row.old_containers}});
  }
  nlohmann::json out = {{"environment", environment}, {"services", services}};
  if (record) {
    out["release"] = {{"name", record->release},
                      {"revision", record->revision},
                      {"committed_at", record->committed_at},
                      {"deployed_by", record->deployed_by}};
  }
  if (applying) out["apply_running"] = *applying;
  std::cout << out.dump(2) << "\n";
}

}  // namespace

int run_status(const GlobalOptions& global, const StatusOptions& options) {
  std::string environment = options.environment;
  std::string network;
  std::vector<std::string> expected;
  std::map<std::string, int> replicas;
  if (!options.manifest_path.empty()) {
    LoadedRelease loaded = load_release(options.manifest_path);
    environment = loaded.manifest.environment;
    network = loaded.manifest.network;
    expected = loaded.graph.rollout_order();
    for (const manifest::Service& service : loaded.manifest.services) {
      replicas[service.name] = service.replicas;
    }
  }
  if (environment.empty()) {
    throw Error(ErrorKind::kUsage, "status needs a manifest or --environment NAME");
  }
  // A name no manifest could give would show as an empty environment, as if nothing ran.
  if (!manifest::is_valid_environment_name(environment)) {
    throw Error(ErrorKind::kUsage, fmt::format("'{}' is not an environment name: {}", environment,
                                               manifest::kEnvironmentNameRule));
  }

  std::string state_dir = global.resolved_state_dir();
  auto record = state::read_release_record(state_dir, environment);
  if (expected.empty() && record) {
    for (const state::ReleaseRecord::Service& service : record->services) {
      expected.push_back(service.name);
    }
  }

  std::unique_ptr<docker::DockerClient> engine = connect_engine();
  state::ObservedState observed;
  std::vector<ServiceRow> rows;
  std::optional<std::string> applying =
      state::EnvironmentLock::holder_during(state_dir, environment, [&] {
        observed = state::read_observed_state(*engine, environment, network);
        rows = collect_rows(*engine, observed, expected, replicas);
      });
  if (options.output == "json") {
    print_json(environment, record, applying, rows);
  } else {
    print_text(environment, observed, record, applying, rows);
  }
  return 0;
}

}  // namespace chora::app
