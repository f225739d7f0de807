#include "rollout/cleanup.hpp"

#include <fmt/format.h>

#include "plan/labels.hpp"

namespace chora::rollout {
namespace {

using report::Status;
using report::Step;
using Clock = std::chrono::steady_clock;

// How long a removed service gets to stop before it is killed.
constexpr std::chrono::seconds kRemovedServiceStopTimeout{10};

}  // namespace

std::vector<std::string> Cleanup::run(const std::map<std::string, ServiceRecord>& records) {
  for (const std::string& name : context_.graph.rollout_order()) {
    const ServiceRecord& record = records.at(name);
    if (record.state == ServiceRecord::State::kPassed) {
      // A scale keeps its current containers, all but the replicas it retired.
      bool scaled = record.action.kind == plan::ActionKind::kScale;
      for (plan::ContainerRef old : scaled ? record.action.retiring : record.action.current) {
        old.running = false;  // stopped during the rollout, or a task that finished
        remove(old, name, Step::kCleanup);
      }
    }
    for (const plan::ContainerRef& leftover : record.action.leftovers) {
      remove(leftover, name, Step::kCleanup);
    }
  }

  for (const plan::Action& removal : context_.plan.removals) {
    for (const plan::ContainerRef& container : removal.current) {
      remove(container, removal.service, Step::kRemove);
    }
    for (const plan::ContainerRef& leftover : removal.leftovers) {
      remove(leftover, removal.service, Step::kCleanup);
    }
  }
  remove_old_networks();
  return warnings_;
}

void Cleanup::remove(const plan::ContainerRef& container, const std::string& service, Step step) {
  report::StepEvent event;
  event.step = step;
  event.service = service;
  event.version = container.version;
  event.container_id = container.id;
  event.container_name = container.name;
  const Clock::time_point start = Clock::now();
  try {
    if (container.running) {
      context_.engine.stop_container(container.id, kRemovedServiceStopTimeout);
    }
    context_.engine.remove_container(container.id, true);
    event.status = Status::kSucceeded;
    if (container.network != context_.manifest.network) old_networks_.insert(container.network);
  } catch (const Error& error) {
    std::string warning = fmt::format("removing {}: {}", container.name, error.what());
    warnings_.push_back(warning);
    event.status = Status::kFailed;
    event.errors.push_back(warning);
  }
  event.duration = seconds_since(start);
  context_.observer.on_event(event);
}

// A network the environment used before, now empty: removed when it is this
// environment's own; a network someone else made, or still in use, stays.
void Cleanup::remove_old_networks() {
  for (const std::string& network : old_networks_) {
    if (network.empty()) continue;
    try {
      std::optional<docker::NetworkInfo> info = context_.engine.inspect_network(network);
      if (!info) continue;
      auto owner = info->labels.find(std::string(plan::labels::kEnvironment));
      if (owner == info->labels.end() || owner->second != context_.manifest.environment) continue;
      context_.engine.remove_network(network);
    } catch (const Error& error) {
      warnings_.push_back(fmt::format("removing old network {}: {}", network, error.what()));
    }
  }
}

}  // namespace chora::rollout
