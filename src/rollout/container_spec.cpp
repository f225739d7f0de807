#include "rollout/container_spec.hpp"

#include <chrono>

#include "plan/health_label.hpp"
#include "plan/labels.hpp"

namespace chora::rollout {
namespace {

docker::Labels common_labels(const manifest::Manifest& manifest) {
  docker::Labels labels = manifest.labels;
  labels[std::string(plan::labels::kManaged)] = "true";
  labels[std::string(plan::labels::kEnvironment)] = manifest.environment;
  labels[std::string(plan::labels::kRelease)] = manifest.release;
  return labels;
}

}  // namespace

std::string container_name(const std::string& environment, const std::string& service,
                           int revision) {
  return environment + "_" + service + "_r" + std::to_string(revision);
}

docker::ContainerSpec container_spec(const manifest::Manifest& manifest,
                                     const manifest::Service& service, int revision,
                                     const plan::Fingerprint& fingerprint) {
  docker::ContainerSpec spec;
  spec.name = container_name(manifest.environment, service.name, revision);
  spec.image = service.image_ref();
  for (const auto& [name, value] : service.env) spec.env.push_back(name + "=" + value);
  spec.command = service.command;
  for (const manifest::PortMapping& port : service.ports) {
    spec.ports.push_back({port.host_ip, port.host_port, port.container_port, port.protocol});
  }
  spec.network = manifest.network;
  spec.aliases = {service.name};
  spec.stop_timeout = std::chrono::ceil<std::chrono::seconds>(service.stop_timeout);

  spec.labels = common_labels(manifest);
  spec.labels[std::string(plan::labels::kService)] = service.name;
  spec.labels[std::string(plan::labels::kVersion)] = service.version;
  spec.labels[std::string(plan::labels::kRevision)] = std::to_string(revision);
  spec.labels[std::string(plan::labels::kConfigHash)] = fingerprint.hash;
  spec.labels[std::string(plan::labels::kConfigParts)] = fingerprint.parts_label();
  spec.labels[std::string(plan::labels::kNetwork)] = manifest.network;
  spec.labels[std::string(plan::labels::kHealth)] = plan::health_label(service.health);
  return spec;
}

docker::Labels network_labels(const manifest::Manifest& manifest) {
  return common_labels(manifest);
}

}  // namespace chora::rollout
