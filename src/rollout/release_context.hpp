#pragma once

#include <chrono>
#include <map>
#include <string>

#include "docker/engine.hpp"
#include "graph/dependency_graph.hpp"
#include "manifest/manifest.hpp"
#include "plan/plan.hpp"
#include "report/step_event.hpp"

namespace chora::rollout {

// Where one service stands during a release, and what was changed for it: exactly what
// a rollback needs to undo.
struct ServiceRecord {
  enum class State { kWaiting, kRolling, kPassed, kFailed, kSkipped, kUnchanged };

  const manifest::Service* service = nullptr;
  plan::Action action;
  State state = State::kWaiting;
  std::string new_container_id;  // set as soon as the container exists
  std::string new_container_name;
  bool stopped_old = false;  // the previously serving container was stopped by us
  std::string failure;

  // True when the engine was changed for this service and a rollback must undo it.
  bool touched() const { return !new_container_id.empty() || stopped_old; }
};

// What every part of a rollout shares: the engine, the release being applied, and where
// its events go.
struct ReleaseContext {
  docker::Engine& engine;
  const manifest::Manifest& manifest;
  const graph::DependencyGraph& graph;
  const plan::Plan& plan;
  report::RolloutObserver& observer;
};

// A step event about `record`, with the fields every service event carries.
report::StepEvent service_event(const ServiceRecord& record, report::Step step,
                                report::Status status);

// Seconds since `start`, for event durations.
std::chrono::duration<double> seconds_since(std::chrono::steady_clock::time_point start);

}  // namespace chora::rollout
