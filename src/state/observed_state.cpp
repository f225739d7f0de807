#include "state/observed_state.hpp"

#include <algorithm>
#include <charconv>

#include "plan/fingerprint.hpp"
#include "plan/health_label.hpp"
#include "plan/labels.hpp"

namespace chora::state {
namespace {

std::string label_or_empty(const docker::Labels& labels, std::string_view key) {
  auto found = labels.find(std::string(key));
  return found == labels.end() ? std::string() : found->second;
}

// A label or status part that holds a whole number; 0 when it holds anything else.
int parse_number(const std::string& text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return 0;
  return value;
}

// The N of a status such as "Exited (3) 2 minutes ago"; -1 for any other status.
int parse_exit_code(const std::string& status) {
  const std::string prefix = "Exited (";
  if (status.rfind(prefix, 0) != 0) return -1;
  std::size_t end = status.find(')', prefix.size());
  if (end == std::string::npos) return -1;
  return parse_number(status.substr(prefix.size(), end - prefix.size()));
}

}  // namespace

bool ObservedContainer::holds_ports() const {
  return state == "running" || state == "paused" || state == "restarting";
}

std::vector<const ObservedContainer*> ObservedState::current(const std::string& service) const {
  std::vector<const ObservedContainer*> running;
  const ObservedContainer* newest = nullptr;
  for (const ObservedContainer& container : containers) {
    if (container.service != service) continue;
    if (container.running()) running.push_back(&container);
    if (newest == nullptr || container.revision > newest->revision) newest = &container;
  }

  std::vector<const ObservedContainer*> result = running;
  if (result.empty() && newest != nullptr) {
    for (const ObservedContainer& container : containers) {
      if (container.service == service && container.revision == newest->revision) {
        result.push_back(&container);
      }
    }
  }
  std::sort(result.begin(), result.end(),
            [](const auto* a, const auto* b) { return a->name < b->name; });
  return result;
}

std::vector<const ObservedContainer*> ObservedState::leftovers(const std::string& service) const {
  std::vector<const ObservedContainer*> serving = current(service);
  std::vector<const ObservedContainer*> result;
  for (const ObservedContainer& container : containers) {
    bool is_current = std::find(serving.begin(), serving.end(), &container) != serving.end();
    if (container.service == service && !is_current) result.push_back(&container);
  }
  return result;
}

std::vector<const ObservedContainer*> ObservedState::deployed(const std::string& service,
                                                              int replicas) const {
  std::vector<const ObservedContainer*> result = current(service);
  int running = 0;
  int revision = 0;
  for (const ObservedContainer* container : result) {
    if (!container->running()) continue;
    ++running;
    revision = std::max(revision, container->revision);
  }
  if (running > 0 && (replicas == 0 || running < replicas)) {
    for (const ObservedContainer* container : leftovers(service)) {
      if (!container->running() && container->revision == revision) result.push_back(container);
    }
  }
  std::sort(result.begin(), result.end(),
            [](const auto* a, const auto* b) { return a->name < b->name; });
  return result;
}

std::set<std::string> ObservedState::services() const {
  std::set<std::string> names;
  for (const ObservedContainer& container : containers) names.insert(container.service);
  return names;
}

int ObservedState::highest_revision() const {
  int highest = revision_floor;
  for (const ObservedContainer& container : containers) {
    highest = std::max(highest, container.revision);
  }
  return highest;
}

manifest::PortMapping port_mapping_of(const docker::PublishedPort& port) {
  return {port.host_ip, port.host_port, port.container_port, port.protocol};
}

ObservedContainer observed_from_summary(const docker::ContainerSummary& summary) {
  ObservedContainer container;
  container.id = summary.id;
  container.name = summary.name;
  container.service = label_or_empty(summary.labels, plan::labels::kService);
  container.release = label_or_empty(summary.labels, plan::labels::kRelease);
  container.version = label_or_empty(summary.labels, plan::labels::kVersion);
  container.revision = parse_number(label_or_empty(summary.labels, plan::labels::kRevision));
  container.replica = parse_number(label_or_empty(summary.labels, plan::labels::kReplica));
  container.config_hash = label_or_empty(summary.labels, plan::labels::kConfigHash);
  container.config_parts =
      plan::parse_parts_label(label_or_empty(summary.labels, plan::labels::kConfigParts));
  container.state = summary.state;
  container.status = summary.status;
  container.exit_code = parse_exit_code(summary.status);
  container.ports = summary.ports;
  container.network = label_or_empty(summary.labels, plan::labels::kNetwork);
  container.health =
      plan::parse_health_label(label_or_empty(summary.labels, plan::labels::kHealth));
  return container;
}

ObservedState read_observed_state(docker::Engine& engine, const std::string& environment,
                                  const std::string& network) {
  ObservedState observed;
  observed.environment = environment;

  docker::Labels filter = {{std::string(plan::labels::kManaged), "true"},
                           {std::string(plan::labels::kEnvironment), environment}};
  for (const docker::ContainerSummary& summary : engine.list_containers(filter, true)) {
    observed.containers.push_back(observed_from_summary(summary));
  }

  observed.network_exists = !network.empty() && engine.inspect_network(network).has_value();
  return observed;
}

}  // namespace chora::state
