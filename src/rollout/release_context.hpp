#pragma once

#include <chrono>

#include "docker/engine.hpp"
#include "graph/dependency_graph.hpp"
#include "health/container_watch.hpp"
#include "manifest/manifest.hpp"
#include "plan/plan.hpp"
#include "report/step_event.hpp"

namespace chora::rollout {

// What every part of a rollout shares: the engine, the release being applied, where its
// events go, and the watch on the engine's events that wakes gates (null: gates poll).
struct ReleaseContext {
  docker::Engine& engine;
  const manifest::Manifest& manifest;
  const graph::DependencyGraph& graph;
  const plan::Plan& plan;
  report::RolloutObserver& observer;
  health::ContainerWatch* watch = nullptr;
};

// Seconds since `start`, for event durations.
std::chrono::duration<double> seconds_since(std::chrono::steady_clock::time_point start);

}  // namespace chora::rollout
