#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "docker/engine.hpp"
#include "manifest/manifest.hpp"
#include "util/cancel.hpp"

namespace chora::health {

// How a container fared at its health gate.
struct GateOutcome {
  enum class Result { kPassed, kFailed, kCancelled };

  Result result = Result::kFailed;
  std::chrono::milliseconds elapsed{0};
  std::vector<std::string> checks;  // what held at the end ("running", "GET ... answered 200")
  std::string failure;              // why it did not pass; empty when it passed

  bool passed() const { return result == Result::kPassed; }
};

// When a gate without probes of its own passes: the container must at least stay up
// this long, or one that exits at once would pass on a single look at its state.
inline constexpr std::chrono::milliseconds kDefaultStableForWithoutProbes{1000};

// Holds a freshly started container until every check of its health spec passes: it is
// running and not restarting, its Docker HEALTHCHECK (if any) is healthy, and its HTTP
// and TCP probes answer, all within the spec's timeout; then every check must keep
// passing for the spec's stable_for window. A container that exits or restarts, or
// whose HEALTHCHECK turns unhealthy, fails at once rather than at the deadline. The
// engine failing to answer fails the gate too; it never throws.
class HealthGate {
 public:
  // `network` is the network whose address the probes use.
  HealthGate(docker::Engine& engine, manifest::HealthSpec spec, std::string network);

  // Waits for `container_id`; gives up early, as kCancelled, when `cancel` is set.
  GateOutcome wait(const std::string& container_id, CancelToken& cancel);

 private:
  // The result of running every check once.
  struct Round {
    bool all_passed = true;
    bool fatal = false;
    bool has_healthcheck = false;
    std::string started_at;  // of the container, to notice a restart
    std::vector<std::string> passed;
    std::vector<std::string> waiting;  // details of checks not yet passing
  };

  // Runs every check once; `budget` bounds how long a probe may take.
  Round check_once(const std::string& container_id, std::chrono::milliseconds budget);
  void run_probes(const docker::ContainerDetails& container, std::chrono::milliseconds budget,
                  Round& round);
  std::chrono::milliseconds stable_for(const Round& round) const;

  docker::Engine& engine_;
  manifest::HealthSpec spec_;
  std::string network_;
};

}  // namespace chora::health
