#include "plan/plan.hpp"

#include <fmt/format.h>

#include "manifest/ports.hpp"
#include "plan/version_order.hpp"

namespace chora::plan {
namespace {

ContainerRef ref_of(const state::ObservedContainer& container) {
  return {container.id, container.name, container.version, container.running()};
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

// A host port held by the running container that the new one also needs, if any.
std::optional<std::string> shared_host_port(const manifest::Service& service,
                                            const state::ObservedContainer& current) {
  if (!current.running()) return std::nullopt;
  for (const manifest::PortMapping& wanted : service.ports) {
    for (const docker::PublishedPort& held : current.ports) {
      if (manifest::host_ports_overlap(wanted, state::port_mapping_of(held))) {
        return wanted.to_string();
      }
    }
  }
  return std::nullopt;
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
  if (auto port = shared_host_port(service, *current)) {
    action.strategy = Strategy::kStopFirst;
    action.strategy_reason = "host port " + *port + " can only be bound once";
  }
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
      Action action = action_for(manifest, *manifest.find(name), observed);
      action.wave = static_cast<int>(i) + 1;
      wave.push_back(std::move(action));
    }
  }

  for (const std::string& service : observed.services()) {
    if (manifest.find(service) == nullptr) plan.removals.push_back(removal_for(service, observed));
  }
  return plan;
}

}  // namespace chora::plan
