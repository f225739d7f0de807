#include "health/level_check.hpp"

#include <algorithm>
#include <optional>

namespace chora::health {
namespace {

using manifest::HealthLevel;
using std::chrono::milliseconds;

// An HTTP or TCP probe never takes longer than this, so a hung socket cannot eat the
// deadline.
constexpr milliseconds kNetworkProbeTimeout = std::chrono::seconds(2);
// A liveness or readiness command is a quick check, repeated every interval; this is
// generous for one (Docker's exec alone takes a few hundred ms on a busy engine) and
// bounds how many overrun commands can pile up in the container, which Docker cannot
// stop. Smoke runs once, and may take the rest of the deadline.
constexpr milliseconds kRepeatedExecTimeout = std::chrono::seconds(5);
constexpr milliseconds kShortestProbe{100};

ProbeResult fatal(std::string detail) {
  return {ProbeResult::Verdict::kFatal, std::move(detail)};
}

std::string address_on(const docker::ContainerDetails& container, const std::string& network) {
  auto attachment = container.networks.find(network);
  return attachment == container.networks.end() ? "" : attachment->second.ip_address;
}

}  // namespace

const LevelResult* Look::first_failure() const {
  for (const LevelResult& level : levels) {
    if (!level.result.passed()) return &level;
  }
  return nullptr;
}

LevelCheck::LevelCheck(docker::Engine& engine, manifest::HealthSpec spec, std::string network,
                       DependencyCheck dependencies, OutputQuoting quoting)
    : engine_(engine),
      spec_(std::move(spec)),
      network_(std::move(network)),
      dependencies_(std::move(dependencies)),
      quoting_(quoting) {}

bool LevelCheck::requires_level(HealthLevel level, bool has_healthcheck) const {
  if (level == HealthLevel::kRunning) return true;
  if (!spec_.require.empty()) {
    return std::find(spec_.require.begin(), spec_.require.end(), level) != spec_.require.end();
  }
  switch (level) {
    case HealthLevel::kHealthcheck:
      return has_healthcheck;
    case HealthLevel::kLiveness:
      return !spec_.liveness.empty();
    case HealthLevel::kReadiness:
      return !spec_.readiness.empty() || dependencies_ != nullptr;
    case HealthLevel::kSmoke:
      return !spec_.smoke.empty();
    default:
      return true;
  }
}

ProbeResult LevelCheck::readiness(const std::string& container_id, const std::string& ip,
                                  const ProbeLimits& limits) {
  if (!spec_.readiness.empty()) {
    ProbeResult own = run_probe(engine_, spec_.readiness, container_id, ip, limits);
    if (!own.passed()) return own;
  }
  if (dependencies_) return dependencies_();
  return {ProbeResult::Verdict::kPass, ""};
}

Look LevelCheck::look(const std::string& container_id, milliseconds budget, bool with_smoke,
                      const CancelToken* cancel) {
  Look look;
  auto add = [&look](HealthLevel level, ProbeResult result) {
    look.levels.push_back({level, std::move(result)});
    return look.levels.back().result.passed();
  };

  std::optional<docker::ContainerDetails> container;
  try {
    container = engine_.inspect_container(container_id);
  } catch (const Error& error) {
    add(HealthLevel::kRunning, fatal("the engine did not answer: " + error.message()));
    return look;
  }
  if (!container) {
    look.gone = true;
    add(HealthLevel::kRunning, fatal("container no longer exists"));
    return look;
  }
  look.started_at = container->state.started_at;
  look.has_healthcheck = container->has_healthcheck;
  look.gone = container->state.status == "exited" || container->state.status == "dead";
  look.oom_killed = container->state.status == "running" && container->state.oom_killed;
  if (!add(HealthLevel::kRunning, check_running(*container))) return look;

  bool healthcheck = container->has_healthcheck;
  const milliseconds network = std::clamp(budget, kShortestProbe, kNetworkProbeTimeout);
  const ProbeLimits limits{network, std::clamp(budget, kShortestProbe, kRepeatedExecTimeout),
                           quoting_, cancel};
  // A smoke command may take what is left of the deadline; a failed release or an
  // interrupt stops the wait for it (Docker cannot stop the command itself).
  const ProbeLimits smoke_limits{network, std::max(budget, kShortestProbe), quoting_, cancel};
  std::string ip = address_on(*container, network_);
  if (requires_level(HealthLevel::kHealthcheck, healthcheck)) {
    ProbeResult result = healthcheck ? check_docker_health(*container, quoting_)
                                     : fatal("no Docker HEALTHCHECK, though the level is required");
    if (!add(HealthLevel::kHealthcheck, result)) return look;
  }
  if (requires_level(HealthLevel::kLiveness, healthcheck)) {
    if (!add(HealthLevel::kLiveness, run_probe(engine_, spec_.liveness, container_id, ip, limits)))
      return look;
  }
  if (requires_level(HealthLevel::kReadiness, healthcheck)) {
    if (!add(HealthLevel::kReadiness, readiness(container_id, ip, limits))) return look;
  }
  if (with_smoke && requires_level(HealthLevel::kSmoke, healthcheck)) {
    add(HealthLevel::kSmoke, run_probe(engine_, spec_.smoke, container_id, ip, smoke_limits));
  }
  return look;
}

}  // namespace chora::health
