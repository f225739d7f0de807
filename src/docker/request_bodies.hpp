#pragma once

#include <string>

#include "docker/engine.hpp"

namespace chora::docker {

// JSON bodies of the engine calls that take one.

// The body of POST /containers/create for `spec`. Every published port is also listed
// in ExposedPorts, since the engine silently drops PortBindings without one. Cmd is left
// out when empty so the image's CMD applies; NetworkMode and the network's Aliases are
// set only when `spec.network` is. A host port of 0 asks the engine for a free one.
std::string container_create_body(const ContainerSpec& spec);

// The body of POST /networks/create: a bridge network with `labels`. CheckDuplicate is
// set, without which the engine creates a second network of the same name and every
// later lookup by name fails as ambiguous.
std::string network_create_body(const std::string& name, const Labels& labels);

}  // namespace chora::docker
