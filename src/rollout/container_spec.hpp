#pragma once

#include <string>

#include "docker/engine.hpp"
#include "manifest/manifest.hpp"
#include "plan/fingerprint.hpp"

namespace chora::rollout {

// Name of a service's container at a revision: "<environment>_<service>_r<revision>",
// with "_<replica>" (1-based) when the service has several replicas. Each revision gets
// fresh names, so old and new containers can live side by side.
std::string container_name(const std::string& environment, const manifest::Service& service,
                           int revision, int replica);

// The container to create for replica `replica` (1-based) of `service` at `revision`:
// image, env, ports, command, HEALTHCHECK, secrets at /run/secrets/<name> and files as
// read-only binds, labels (release, environment, service, version, revision, replica,
// config hash and parts, network, health gate, and the manifest's own labels), the
// release network with the service name as DNS alias.
docker::ContainerSpec container_spec(const manifest::Manifest& manifest,
                                     const manifest::Service& service, int revision, int replica,
                                     const plan::Fingerprint& fingerprint);

// Labels on the release network.
docker::Labels network_labels(const manifest::Manifest& manifest);

}  // namespace chora::rollout
