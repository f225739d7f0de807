#pragma once

#include <string>

#include "docker/engine.hpp"
#include "manifest/manifest.hpp"
#include "plan/fingerprint.hpp"

namespace chora::rollout {

// Name of a service's container at a revision: "<environment>_<service>_r<revision>".
// Each revision gets a fresh name, so old and new containers can live side by side.
std::string container_name(const std::string& environment, const std::string& service,
                           int revision);

// The container to create for `service` at `revision`: image, env, ports, command,
// labels (release, environment, service, version, revision, config hash and parts, and
// the manifest's own labels), the release network with the service name as DNS alias.
docker::ContainerSpec container_spec(const manifest::Manifest& manifest,
                                     const manifest::Service& service, int revision,
                                     const plan::Fingerprint& fingerprint);

// Labels on the release network.
docker::Labels network_labels(const manifest::Manifest& manifest);

}  // namespace chora::rollout
