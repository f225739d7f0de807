#include "health/gate.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "health/probes.hpp"
#include "util/duration.hpp"

namespace chora::health {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A single probe never takes longer than this, so a hung socket cannot eat the deadline.
constexpr milliseconds kProbeTimeout = std::chrono::seconds(2);

milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
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

  std::optional<docker::ContainerDetails> container = engine_.inspect_container(container_id);
  if (!container) {
    record({ProbeResult::Verdict::kFatal, "container no longer exists"});
    return round;
  }

  // Probes need a running container and its address; until then only level 1 speaks.
  record(check_running(*container));
  if (!round.all_passed) return round;
  record(check_docker_health(*container));

  auto attachment = container->networks.find(network_);
  std::string ip = attachment == container->networks.end() ? "" : attachment->second.ip_address;
  if ((spec_.http || spec_.tcp) && ip.empty()) {
    record({ProbeResult::Verdict::kPending, "no address on network " + network_ + " yet"});
    return round;
  }
  milliseconds probe_timeout = std::clamp(budget, milliseconds(100), kProbeTimeout);
  if (spec_.http) record(probe_http(ip, *spec_.http, probe_timeout));
  if (spec_.tcp) record(probe_tcp(ip, *spec_.tcp, probe_timeout));
  return round;
}

GateOutcome HealthGate::wait(const std::string& container_id, CancelToken& cancel) {
  const Clock::time_point start = Clock::now();
  const Clock::time_point deadline = start + spec_.timeout;
  GateOutcome outcome;

  while (true) {
    milliseconds left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    Round round = check_once(container_id, left);
    outcome.elapsed = since(start);
    outcome.checks = round.passed;

    if (round.all_passed) {
      outcome.passed = true;
      return outcome;
    }
    if (round.fatal) {
      outcome.failure = fmt::format("{}", fmt::join(round.waiting, "; "));
      return outcome;
    }
    if (Clock::now() >= deadline) {
      outcome.failure = fmt::format("not healthy within {}: {}", format_duration(spec_.timeout),
                                    fmt::join(round.waiting, "; "));
      return outcome;
    }

    left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (!cancel.sleep_for(std::clamp(left, milliseconds(0), spec_.interval))) {
      outcome.failure = "stopped waiting: " + cancel.reason();
      return outcome;
    }
  }
}

}  // namespace chora::health
