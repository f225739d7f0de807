#include "plan/plan.hpp"

#include <fmt/format.h>

#include "manifest/ports.hpp"
#include "plan/version_order.hpp"

namespace chora::plan {
namespace {

ContainerRef ref_of(const state::ObservedContainer& container) {
  return {container.id,        container.name,          container.version,
          container.running(), container.holds_ports(), container.network,
          container.health};
}

// What differs between the running container and the desired one, in words.
std::vector<std::string> reasons_for_update(const state::ObservedContainer& current,
                                            const std::string& version,
                                            const Fingerprint& desired) {
  std::vector<std::string> reasons;
  if (!current.running()) {
    reasons.push_back(fmt::format("container {} is {}", current.name, current.state));
  }
  if (current.config_hash == desired.hash) return reasons;

  if (current.version != version) {
    bool older = compare_versions(version, current.version) < 0;
    reasons.push_back(
        fmt::format("version {} -> {}{}", current.version, version, older ? " (downgrade)" : ""));
  }
  for (const auto& [part, digest] : desired.parts) {
    if (part == "image" && current.version != version) continue;
    auto old = current.config_parts.find(part);
    if (old == current.config_parts.end() || old->second != digest) {
      reasons.push_back(part + " changed");
    }
  }
  if (reasons.empty()) reasons.push_back("configuration changed");
  return reasons;
}

// The container of the environment holding a host port `port` overlaps, if any.
const state::ObservedContainer* port_holder(const state::ObservedState& observed,
                                            const manifest::PortMapping& port) {
  for (const state::ObservedContainer& container : observed.containers) {
    if (!container.holds_ports()) continue;
    for (const docker::PublishedPort& held : container.ports) {
      if (manifest::host_ports_overlap(port, state::port_mapping_of(held))) return &container;
    }
  }
  return nullptr;
}

// A new container needs its host ports free when it starts. The service's own current
// container gives them up first (stop-first); any other holder of the environment would
// still hold them, so the plan is blocked with the reason.
void settle_ports(const manifest::Service& service, const state::ObservedState& observed,
                  Action& action, std::vector<std::string>& blockers) {
  for (const manifest::PortMapping& port : service.ports) {
    const state::ObservedContainer* holder = port_holder(observed, port);
    if (holder == nullptr) continue;
    if (action.current && holder->id == action.current->id) {
      action.strategy = Strategy::kStopFirst;
      action.strategy_reason = "host port " + port.to_string() + " can only be bound once";
      continue;
    }
    blockers.push_back(fmt::format(
        "{}: host port {} is held by {} of service {}, which keeps it until the release "
        "passes; a host port cannot move between services in one release: release without "
        "it first, or publish another port",
        service.name, port.to_string(), holder->name, holder->service));
  }
}

Action action_for(const manifest::Manifest& manifest, const manifest::Service& service,
                  const state::ObservedState& observed) {
  Action action;
  action.service = service.name;
  action.version = service.version;
  action.fingerprint = fingerprint_of(manifest, service);
  for (const state::ObservedContainer* leftover : observed.leftovers(service.name)) {
    action.leftovers.push_back(ref_of(*leftover));
  }

  const state::ObservedContainer* current = observed.current(service.name);
  if (current == nullptr) {
    action.kind = ActionKind::kCreate;
    action.reasons.push_back("new service");
    return action;
  }

  action.current = ref_of(*current);
  action.reasons = reasons_for_update(*current, service.version, action.fingerprint);
  action.kind = action.reasons.empty() ? ActionKind::kUnchanged : ActionKind::kUpdate;
  return action;
}

Action removal_for(const std::string& service, const state::ObservedState& observed) {
  Action action;
  action.service = service;
  action.kind = ActionKind::kRemove;
  action.reasons.push_back("not in the manifest");
  const state::ObservedContainer* current = observed.current(service);
  action.current = ref_of(*current);
  action.version = current->version;
  for (const state::ObservedContainer* leftover : observed.leftovers(service)) {
    action.leftovers.push_back(ref_of(*leftover));
  }
  return action;
}

}  // namespace

std::string_view action_name(ActionKind kind) {
  switch (kind) {
    case ActionKind::kCreate:
      return "create";
    case ActionKind::kUpdate:
      return "update";
    case ActionKind::kUnchanged:
      return "unchanged";
    case ActionKind::kRemove:
      return "remove";
  }
  return "unchanged";
}

std::string_view strategy_name(Strategy strategy) {
  return strategy == Strategy::kStopFirst ? "stop-first" : "start-first";
}

bool Plan::has_changes() const {
  if (create_network || !removals.empty()) return true;
  for (const std::vector<Action>& wave : waves) {
    for (const Action& action : wave) {
      if (action.changes() || !action.leftovers.empty()) return true;
    }
  }
  return false;
}

const Action* Plan::find(const std::string& service) const {
  for (const std::vector<Action>& wave : waves) {
    for (const Action& action : wave) {
      if (action.service == service) return &action;
    }
  }
  for (const Action& action : removals) {
    if (action.service == service) return &action;
  }
  return nullptr;
}

int Plan::count(ActionKind kind) const {
  int total = 0;
  for (const std::vector<Action>& wave : waves) {
    for (const Action& action : wave) total += action.kind == kind;
  }
  for (const Action& action : removals) total += action.kind == kind;
  return total;
}

Plan make_plan(const manifest::Manifest& manifest, const graph::DependencyGraph& graph,
               const state::ObservedState& observed) {
  Plan plan;
  plan.release = manifest.release;
  plan.environment = manifest.environment;
  plan.network = manifest.network;
  plan.create_network = !observed.network_exists;
  plan.revision = observed.highest_revision() + 1;

  for (std::size_t i = 0; i < graph.waves().size(); ++i) {
    std::vector<Action>& wave = plan.waves.emplace_back();
    for (const std::string& name : graph.waves()[i]) {
      const manifest::Service& service = *manifest.find(name);
      Action action = action_for(manifest, service, observed);
      action.wave = static_cast<int>(i) + 1;
      if (action.changes()) settle_ports(service, observed, action, plan.blockers);
      wave.push_back(std::move(action));
    }
  }

  for (const std::string& service : observed.services()) {
    if (manifest.find(service) == nullptr) plan.removals.push_back(removal_for(service, observed));
  }
  return plan;
}

}  // namespace chora::plan
