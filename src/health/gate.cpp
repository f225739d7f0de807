#include "health/gate.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "health/probes.hpp"
#include "util/duration.hpp"

namespace chora::health {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using Result = GateOutcome::Result;

// A single probe never takes longer than this, so a hung socket cannot eat the deadline.
constexpr milliseconds kProbeTimeout = std::chrono::seconds(2);

milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
}

milliseconds until(Clock::time_point deadline) {
  return std::max(milliseconds(0),
                  std::chrono::duration_cast<milliseconds>(deadline - Clock::now()));
}

GateOutcome outcome_of(Result result, Clock::time_point start, std::string failure,
                       std::vector<std::string> checks = {}) {
  GateOutcome outcome;
  outcome.result = result;
  outcome.elapsed = since(start);
  outcome.failure = std::move(failure);
  outcome.checks = std::move(checks);
  return outcome;
}

}  // namespace

HealthGate::HealthGate(docker::Engine& engine, manifest::HealthSpec spec, std::string network)
    : engine_(engine), spec_(std::move(spec)), network_(std::move(network)) {}

HealthGate::Round HealthGate::check_once(const std::string& container_id, milliseconds budget) {
  Round round;
  auto record = [&round](const ProbeResult& result) {
    if (result.passed()) {
      if (!result.detail.empty()) round.passed.push_back(result.detail);
      return;
    }
    round.all_passed = false;
    round.fatal = round.fatal || result.verdict == ProbeResult::Verdict::kFatal;
    round.waiting.push_back(result.detail);
  };

  std::optional<docker::ContainerDetails> container;
  try {
    container = engine_.inspect_container(container_id);
  } catch (const Error& error) {
    record({ProbeResult::Verdict::kFatal, "the engine did not answer: " + error.message()});
    return round;
  }
  if (!container) {
    record({ProbeResult::Verdict::kFatal, "container no longer exists"});
    return round;
  }

  // Probes need a running container and its address; until then only level 1 speaks.
  round.started_at = container->state.started_at;
  round.has_healthcheck = container->has_healthcheck;
  record(check_running(*container));
  if (!round.all_passed) return round;
  record(check_docker_health(*container));
  run_probes(*container, budget, round);
  return round;
}

void HealthGate::run_probes(const docker::ContainerDetails& container, milliseconds budget,
                            Round& round) {
  const manifest::Probe& probe = spec_.liveness;
  if (!probe.http && !probe.tcp) return;
  auto attachment = container.networks.find(network_);
  std::string ip = attachment == container.networks.end() ? "" : attachment->second.ip_address;
  std::vector<ProbeResult> results;
  if (ip.empty()) {
    results.push_back({ProbeResult::Verdict::kPending, "no address on network " + network_});
  } else {
    milliseconds probe_timeout = std::clamp(budget, milliseconds(100), kProbeTimeout);
    if (probe.http) results.push_back(probe_http(ip, *probe.http, probe_timeout));
    if (probe.tcp) results.push_back(probe_tcp(ip, *probe.tcp, probe_timeout));
  }
  for (const ProbeResult& result : results) {
    if (result.passed()) {
      round.passed.push_back(result.detail);
    } else {
      round.all_passed = false;
      round.waiting.push_back(result.detail);
    }
  }
}

milliseconds HealthGate::stable_for(const Round& round) const {
  if (spec_.stable_for) return *spec_.stable_for;
  bool proven = !spec_.liveness.empty() || round.has_healthcheck;
  return proven ? milliseconds(0) : kDefaultStableForWithoutProbes;
}

// The gate's loop: check, then sleep one interval, until every check has held for the
// stable_for window, one fails for good, the deadline passes, or the release is stopped.
GateOutcome HealthGate::wait(const std::string& container_id, CancelToken& cancel) {
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline = start + spec_.timeout;
  std::optional<Clock::time_point> healthy_since;
  std::string first_start;

  while (true) {
    Round round = check_once(container_id, until(deadline));
    if (first_start.empty()) first_start = round.started_at;
    if (!round.started_at.empty() && round.started_at != first_start) {
      return outcome_of(Result::kFailed, start, "container restarted during its gate");
    }
    if (round.fatal) {
      return outcome_of(Result::kFailed, start, fmt::format("{}", fmt::join(round.waiting, "; ")));
    }

    if (!round.all_passed) healthy_since.reset();
    if (round.all_passed && !healthy_since) healthy_since = Clock::now();
    if (healthy_since && Clock::now() - *healthy_since >= stable_for(round)) {
      return outcome_of(Result::kPassed, start, "", round.passed);
    }

    if (Clock::now() >= deadline) {
      std::string why = round.all_passed ? fmt::format("healthy, but not for {} in a row",
                                                       format_duration(stable_for(round)))
                                         : fmt::format("{}", fmt::join(round.waiting, "; "));
      return outcome_of(
          Result::kFailed, start,
          fmt::format("not healthy within {}: {}", format_duration(spec_.timeout), why));
    }
    if (!cancel.sleep_for(std::min(until(deadline), spec_.interval))) {
      return outcome_of(Result::kCancelled, start, "stopped waiting: " + cancel.reason());
    }
  }
}

}  // namespace chora::health
