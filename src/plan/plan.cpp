#include "plan/plan.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "manifest/ports.hpp"
#include "plan/gate_description.hpp"
#include "plan/version_order.hpp"

namespace chora::plan {
namespace {

ContainerRef ref_of(const state::ObservedContainer& container) {
  ContainerRef ref;
  ref.id = container.id;
  ref.name = container.name;
  ref.version = container.version;
  ref.revision = container.revision;
  ref.replica = container.replica;
  ref.running = container.running();
  ref.holds_ports = container.holds_ports();
  ref.network = container.network;
  ref.health = container.health;
  return ref;
}

std::vector<ContainerRef> refs_of(const std::vector<const state::ObservedContainer*>& containers) {
  std::vector<ContainerRef> refs;
  for (const state::ObservedContainer* container : containers) refs.push_back(ref_of(*container));
  return refs;
}

// Why a long-running service's containers must be replaced; empty when they need not
// (their number may still differ from the manifest's: see make_scale).
std::vector<std::string> reasons_for_service(
    const std::vector<const state::ObservedContainer*>& current, const manifest::Service& service,
    const Fingerprint& desired) {
  std::vector<std::string> reasons;
  for (const state::ObservedContainer* container : current) {
    if (!container->running()) {
      reasons.push_back(fmt::format("container {} is {}", container->name, container->state));
    }
  }
  for (const state::ObservedContainer* container : current) {
    std::vector<std::string> changes = configuration_changes(*container, service.version, desired);
    if (changes.empty()) continue;
    reasons.insert(reasons.end(), changes.begin(), changes.end());
    break;
  }
  return reasons;
}

// Containers that all run as the manifest wants, only too few or too many: the action
// adds the missing replicas beside them, or stops the ones with the highest numbers
// (removed at commit), and leaves the rest serving untouched. A replacement would restart
// every replica for a change of count alone.
void make_scale(const state::ObservedState& observed, const manifest::Service& service,
                Action& action) {
  int running = static_cast<int>(action.current.size());
  int serving_revision = 0;
  for (const ContainerRef& container : action.current) {
    serving_revision = std::max(serving_revision, container.revision);
  }
  action.kind = ActionKind::kScale;
  action.reasons.push_back(fmt::format("replicas {} -> {}", running, service.replicas));
  // The manifest may not have changed at all: a replica that stopped makes the count short.
  for (const state::ObservedContainer* deployed :
       observed.deployed(service.name, service.replicas)) {
    if (!deployed->running()) {
      action.reasons.push_back(fmt::format("container {} is not running", deployed->name));
    }
  }

  if (service.replicas < running) {
    std::vector<ContainerRef> by_number = action.current;
    std::stable_sort(by_number.begin(), by_number.end(), [](const auto& a, const auto& b) {
      return a.replica != b.replica ? a.replica > b.replica : a.name > b.name;
    });
    by_number.resize(static_cast<std::size_t>(running - service.replicas));
    action.retiring = by_number;
    return;
  }

  // The added replicas join the newest revision serving, numbered after every container
  // of it (stopped ones too), so their names are new.
  action.revision = serving_revision;
  int highest = 0;
  for (const state::ObservedContainer& container : observed.containers) {
    if (container.service == service.name && container.revision == action.revision) {
      highest = std::max(highest, container.replica);
    }
  }
  action.first_replica = highest + 1;
  action.parallelism = std::min(action.parallelism, action.new_containers());
}

// Whether every container carries its replica number: a scale picks the numbers to add
// or retire from them. Containers without one are replaced instead.
bool numbered(const std::vector<ContainerRef>& containers) {
  return std::all_of(containers.begin(), containers.end(),
                     [](const ContainerRef& container) { return container.replica > 0; });
}

// Why a task must run again; empty when its last run, with this configuration, exited 0.
std::vector<std::string> reasons_for_task(const state::ObservedContainer& last,
                                          const manifest::Service& service,
                                          const Fingerprint& desired) {
  std::vector<std::string> reasons = configuration_changes(last, service.version, desired);
  if (!reasons.empty()) return reasons;
  if (last.running())
    reasons.push_back("its last run is still running");
  else if (last.exit_code != 0) {
    reasons.push_back(fmt::format("its last run exited with code {}", last.exit_code));
  }
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

bool is_current(const Action& action, const std::string& id) {
  return std::any_of(action.current.begin(), action.current.end(),
                     [&id](const ContainerRef& ref) { return ref.id == id; });
}

// A new container needs its host ports free when it starts. The service's own current
// container gives them up first (stop-first); any other holder of the environment would
// still hold them, so the plan is blocked with the reason.
void settle_ports(const manifest::Service& service, const state::ObservedState& observed,
                  Action& action, std::vector<std::string>& blockers) {
  for (const manifest::PortMapping& port : service.ports) {
    const state::ObservedContainer* holder = port_holder(observed, port);
    if (holder == nullptr) continue;
    if (is_current(action, holder->id)) {
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
                  const state::ObservedState& observed, int revision) {
  Action action;
  action.service = service.name;
  action.version = service.version;
  action.revision = revision;
  action.replicas = service.replicas;
  action.parallelism = std::max(1, std::min(service.update.parallelism, service.replicas));
  action.task = service.task;
  action.gates = describe_gates(manifest, service);
  action.fingerprint = fingerprint_of(manifest, service);
  if (service.update.order == manifest::UpdateOrder::kStopFirst) {
    action.strategy = Strategy::kStopFirst;
    action.strategy_reason = "the manifest asks for it";
  }
  action.leftovers = refs_of(observed.leftovers(service.name));

  std::vector<const state::ObservedContainer*> current = observed.current(service.name);
  if (current.empty()) {
    action.kind = ActionKind::kCreate;
    action.reasons.push_back(service.task ? "new task" : "new service");
    return action;
  }

  action.current = refs_of(current);
  action.replicas_before = static_cast<int>(current.size());
  action.reasons = service.task ? reasons_for_task(*current.back(), service, action.fingerprint)
                                : reasons_for_service(current, service, action.fingerprint);
  action.kind = action.reasons.empty() ? ActionKind::kUnchanged : ActionKind::kUpdate;
  if (action.kind != ActionKind::kUnchanged || service.task ||
      action.replicas_before == service.replicas) {
    return action;
  }
  if (numbered(action.current)) {
    make_scale(observed, service, action);
  } else {
    action.kind = ActionKind::kUpdate;
    action.reasons.push_back(
        fmt::format("replicas {} -> {}", action.replicas_before, service.replicas));
  }
  return action;
}

Action removal_for(const std::string& service, const state::ObservedState& observed) {
  Action action;
  action.service = service;
  action.kind = ActionKind::kRemove;
  action.reasons.push_back("not in the manifest");
  action.current = refs_of(observed.current(service));
  action.version = action.current_version();
  action.leftovers = refs_of(observed.leftovers(service));
  return action;
}

// The release of the newest running container. Unchanged services keep the label of the
// release that created them, so only the newest one names the release that runs.
std::string running_release(const state::ObservedState& observed) {
  const state::ObservedContainer* newest = nullptr;
  for (const state::ObservedContainer& container : observed.containers) {
    if (!container.running() || container.release.empty()) continue;
    if (newest == nullptr || container.revision > newest->revision) newest = &container;
  }
  return newest == nullptr ? "" : newest->release;
}

}  // namespace

std::string_view action_name(ActionKind kind) {
  switch (kind) {
    case ActionKind::kCreate:
      return "create";
    case ActionKind::kUpdate:
      return "update";
    case ActionKind::kScale:
      return "scale";
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

std::string Action::current_version() const {
  return current.empty() ? "" : current.front().version;
}

int Action::new_containers() const {
  switch (kind) {
    case ActionKind::kCreate:
    case ActionKind::kUpdate:
      return replicas;
    case ActionKind::kScale:
      return std::max(0, replicas - replicas_before);
    case ActionKind::kUnchanged:
    case ActionKind::kRemove:
      break;
  }
  return 0;
}

int Action::batches() const {
  return (new_containers() + parallelism - 1) / parallelism;
}

std::vector<std::string> configuration_changes(const state::ObservedContainer& current,
                                               const std::string& version,
                                               const Fingerprint& desired) {
  std::vector<std::string> reasons;
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

std::string Plan::summary() const {
  // Scaling is rare: named only when there is some, so the usual line stays short.
  int scale = count(ActionKind::kScale);
  return fmt::format("{} to create, {} to update, {}{} unchanged, {} to remove",
                     count(ActionKind::kCreate), count(ActionKind::kUpdate),
                     scale > 0 ? fmt::format("{} to scale, ", scale) : "",
                     count(ActionKind::kUnchanged), count(ActionKind::kRemove));
}

Plan make_plan(const manifest::Manifest& manifest, const graph::DependencyGraph& graph,
               const state::ObservedState& observed) {
  Plan plan;
  plan.release = manifest.release;
  plan.environment = manifest.environment;
  plan.network = manifest.network;
  plan.create_network = !observed.network_exists;
  plan.revision = observed.highest_revision() + 1;
  if (std::string running = running_release(observed); running != manifest.release) {
    plan.replaces_release = running;
  }

  for (std::size_t i = 0; i < graph.waves().size(); ++i) {
    std::vector<Action>& wave = plan.waves.emplace_back();
    for (const std::string& name : graph.waves()[i]) {
      const manifest::Service& service = *manifest.find(name);
      Action action = action_for(manifest, service, observed, plan.revision);
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
