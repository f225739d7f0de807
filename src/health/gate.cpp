#include "health/gate.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "util/duration.hpp"

namespace chora::health {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using Result = GateOutcome::Result;

milliseconds since(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start);
}

milliseconds until(Clock::time_point deadline) {
  return std::max(milliseconds(0),
                  std::chrono::duration_cast<milliseconds>(deadline - Clock::now()));
}

// "liveness: GET http://... answered 404, expected 200".
std::string describe(const LevelResult& level) {
  return fmt::format("{}: {}", manifest::level_name(level.level), level.result.detail);
}

std::vector<std::string> passed_checks(const Look& look, const std::string& smoke) {
  std::vector<std::string> checks;
  for (const LevelResult& level : look.levels) {
    if (level.result.passed() && !level.result.detail.empty()) {
      checks.push_back(level.result.detail);
    }
  }
  if (!smoke.empty()) checks.push_back(smoke);
  return checks;
}

// Tracks the parts of a gate's wait that span looks.
struct Progress {
  Clock::time_point start = Clock::now();
  std::string first_start;  // the container's StartedAt at the first look
  std::string smoke;        // what smoke said once it passed; it is not run again
  std::optional<Clock::time_point> healthy_since;

  GateOutcome end(Result result, std::string failure, const LevelResult* level = nullptr,
                  std::vector<std::string> checks = {}) const {
    GateOutcome outcome;
    outcome.result = result;
    outcome.elapsed = since(start);
    outcome.failure = std::move(failure);
    if (level != nullptr) outcome.failed_level = level->level;
    outcome.checks = std::move(checks);
    return outcome;
  }
};

}  // namespace

HealthGate::HealthGate(LevelCheck check, ContainerWatch* watch)
    : check_(std::move(check)), watch_(watch) {}

milliseconds HealthGate::stable_for(const Look& look) const {
  const manifest::HealthSpec& spec = check_.spec();
  if (spec.stable_for) return *spec.stable_for;
  bool proven = !spec.liveness.empty() || look.has_healthcheck;
  return proven ? milliseconds(0) : kDefaultStableForWithoutProbes;
}

bool HealthGate::sleep(const std::string& container_id, std::uint64_t seen, milliseconds duration,
                       CancelToken& cancel) {
  if (watch_ != nullptr) return watch_->wait_for_change(container_id, seen, duration, cancel);
  return cancel.sleep_for(duration);
}

// The gate's loop: look, then sleep until the next look is due or something happens to
// the container, until every level has held for the window, one fails for good, the
// deadline passes, or the release is stopped.
GateOutcome HealthGate::wait(const std::string& container_id, CancelToken& cancel) {
  const manifest::HealthSpec& spec = check_.spec();
  Progress progress;
  const Clock::time_point deadline = progress.start + spec.timeout;

  while (true) {
    std::uint64_t seen = watch_ != nullptr ? watch_->events_seen(container_id) : 0;
    Look look = check_.look(container_id, until(deadline), progress.smoke.empty(), &cancel);
    if (progress.first_start.empty()) progress.first_start = look.started_at;
    if (!look.started_at.empty() && look.started_at != progress.first_start) {
      return progress.end(Result::kFailed, "running: container restarted during its gate");
    }

    if (look.oom_killed) {
      // PID 1 lives on, but the kernel killed a process of the service for memory.
      const LevelResult oom{
          manifest::HealthLevel::kRunning,
          {ProbeResult::Verdict::kFatal, "a process in the container was killed: out of memory"}};
      return progress.end(Result::kFailed, describe(oom), &oom);
    }
    const LevelResult* failure = look.first_failure();
    if (failure && failure->result.verdict == ProbeResult::Verdict::kFatal) {
      return progress.end(Result::kFailed, describe(*failure), failure);
    }
    if (!failure && progress.smoke.empty() && !look.levels.empty() &&
        look.levels.back().level == manifest::HealthLevel::kSmoke) {
      progress.smoke = look.levels.back().result.detail;
    }

    if (failure) progress.healthy_since.reset();
    if (!failure && !progress.healthy_since) progress.healthy_since = Clock::now();
    if (progress.healthy_since && Clock::now() - *progress.healthy_since >= stable_for(look)) {
      return progress.end(Result::kPassed, "", nullptr, passed_checks(look, progress.smoke));
    }

    if (Clock::now() >= deadline) {
      std::string why = failure ? describe(*failure)
                                : fmt::format("healthy, but not for {} in a row",
                                              format_duration(stable_for(look)));
      return progress.end(
          Result::kFailed,
          fmt::format("not healthy within {}: {}", format_duration(spec.timeout), why), failure);
    }
    if (!sleep(container_id, seen, std::min(until(deadline), spec.interval), cancel)) {
      return progress.end(Result::kCancelled, "stopped waiting: " + cancel.reason());
    }
  }
}

}  // namespace chora::health
