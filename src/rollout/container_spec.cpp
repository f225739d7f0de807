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

docker::HealthcheckConfig healthcheck_config(const manifest::Healthcheck& check) {
  docker::HealthcheckConfig config;
  config.test = check.test;
  config.interval = check.interval.value_or(manifest::Duration(0));
  config.timeout = check.timeout.value_or(manifest::Duration(0));
  config.start_period = check.start_period.value_or(manifest::Duration(0));
  config.retries = check.retries.value_or(0);
  return config;
}

}  // namespace

std::string container_name(const std::string& environment, const manifest::Service& service,
                           int revision, int replica) {
  std::string name = environment + "_" + service.name + "_r" + std::to_string(revision);
  if (service.replicas > 1) name += "_" + std::to_string(replica);
  return name;
}

docker::ContainerSpec container_spec(const manifest::Manifest& manifest,
                                     const manifest::Service& service, int revision, int replica,
                                     const plan::Fingerprint& fingerprint) {
  docker::ContainerSpec spec;
  spec.name = container_name(manifest.environment, service, revision, replica);
  spec.image = service.image_ref();
  for (const auto& [name, value] : service.env) spec.env.push_back(name + "=" + value);
  spec.command = service.command;
  for (const manifest::PortMapping& port : service.ports) {
    spec.ports.push_back({port.host_ip, port.host_port, port.container_port, port.protocol});
  }
  spec.network = manifest.network;
  spec.aliases = {service.name};
  spec.stop_timeout = std::chrono::ceil<std::chrono::seconds>(service.stop_timeout);
  if (service.healthcheck) spec.healthcheck = healthcheck_config(*service.healthcheck);
  for (const std::string& secret : service.secrets) {
    spec.mounts.push_back({manifest.secrets.at(secret).file, "/run/secrets/" + secret, true});
  }
  for (const manifest::FileMount& file : service.files) {
    spec.mounts.push_back({file.source, file.target, true});
  }

  spec.labels = common_labels(manifest);
  spec.labels[std::string(plan::labels::kService)] = service.name;
  spec.labels[std::string(plan::labels::kVersion)] = service.version;
  spec.labels[std::string(plan::labels::kRevision)] = std::to_string(revision);
  spec.labels[std::string(plan::labels::kReplica)] = std::to_string(replica);
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
