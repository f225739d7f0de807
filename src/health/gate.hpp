#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "health/container_watch.hpp"
#include "health/level_check.hpp"
#include "util/cancel.hpp"

namespace chora::health {

// How a container fared at its health gate.
struct GateOutcome {
  enum class Result { kPassed, kFailed, kCancelled };

  Result result = Result::kFailed;
  std::chrono::milliseconds elapsed{0};
  std::vector<std::string> checks;  // what held at the end ("running", "GET ... answered 200")
  std::string failure;              // why it did not pass; empty when it passed
  std::optional<manifest::HealthLevel> failed_level;  // the level that did not pass

  bool passed() const { return result == Result::kPassed; }
};

// When a gate without probes of its own passes: the container must at least stay up
// this long, or one that exits at once would pass on a single look at its state.
inline constexpr std::chrono::milliseconds kDefaultStableForWithoutProbes{1000};

// Holds a freshly started container until its health levels pass (see LevelCheck),
// all within the spec's timeout, and then keep passing for the spec's stable_for
// window. A container that exits, restarts, is OOM-killed or whose HEALTHCHECK turns
// unhealthy fails at once rather than at the deadline: with a ContainerWatch the gate
// hears of it within milliseconds, without one at its next look, one interval later.
// The engine failing to answer fails the gate too; it never throws.
class HealthGate {
 public:
  // `watch` may be null: then the gate looks on every interval.
  HealthGate(LevelCheck check, ContainerWatch* watch);

  // Waits for `container_id`; gives up early, as kCancelled, when `cancel` is set.
  GateOutcome wait(const std::string& container_id, CancelToken& cancel);

 private:
  std::chrono::milliseconds stable_for(const Look& look) const;
  bool sleep(const std::string& container_id, std::uint64_t seen,
             std::chrono::milliseconds duration, CancelToken& cancel);

  LevelCheck check_;
  ContainerWatch* watch_;
};

}  // namespace chora::health
