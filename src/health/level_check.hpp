#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "docker/engine.hpp"
#include "health/probes.hpp"
#include "manifest/manifest.hpp"

namespace chora::health {

// The result of one level for one container at one moment.
struct LevelResult {
  manifest::HealthLevel level = manifest::HealthLevel::kRunning;
  ProbeResult result;
};

// Checks the dependencies' side of readiness: that every service this one depends on
// still passes its own gates. Supplied by whoever knows their containers.
using DependencyCheck = std::function<ProbeResult()>;

// What one look at a container found.
struct Look {
  std::vector<LevelResult> levels;  // in order, up to the first that did not pass
  std::string started_at;           // the container's, to notice a restart
  bool has_healthcheck = false;
  // The container no longer exists, or has exited or died: it cannot pass again by
  // itself. False when the engine did not answer, which may pass.
  bool gone = false;
  // The kernel killed a process of the container for memory since it last started.
  // Docker keeps this mark until the container restarts, so only a gate, which watches a
  // container from its start, fails on it (see HealthGate).
  bool oom_killed = false;

  // The first level that did not pass; nullptr when every required one did.
  const LevelResult* first_failure() const;
};

// Runs the five health levels of a spec against a container, once, in order: running,
// Docker's HEALTHCHECK, liveness, readiness (its own check and its dependencies'), smoke.
// Only the levels the spec requires are run (see HealthSpec::require for the default),
// and a level that does not pass stops the higher ones from being run.
class LevelCheck {
 public:
  // `network` is where the probes find the container; `dependencies` may be empty.
  // `quoting` says whether failures may quote the service's output (see OutputQuoting).
  LevelCheck(docker::Engine& engine, manifest::HealthSpec spec, std::string network,
             DependencyCheck dependencies, OutputQuoting quoting);

  // One look. Smoke runs only when `with_smoke`: it is a real request, sent once the
  // lower levels pass, not on every look. `budget` bounds each probe (HTTP and TCP are
  // held to less, see ProbeLimits). A command run in the container is waited for until
  // `cancel`, when given, is cancelled.
  Look look(const std::string& container_id, std::chrono::milliseconds budget, bool with_smoke,
            const CancelToken* cancel = nullptr);

  // Whether `level` gates this spec, for a container that has (or not) a HEALTHCHECK.
  bool requires_level(manifest::HealthLevel level, bool has_healthcheck) const;

  const manifest::HealthSpec& spec() const { return spec_; }

 private:
  ProbeResult readiness(const std::string& container_id, const std::string& ip,
                        const ProbeLimits& limits);

  docker::Engine& engine_;
  manifest::HealthSpec spec_;
  std::string network_;
  DependencyCheck dependencies_;
  OutputQuoting quoting_;
};

}  // namespace chora::health
