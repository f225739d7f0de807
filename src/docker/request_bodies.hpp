#pragma once

#include <string>
#include <vector>

#include "docker/engine.hpp"

namespace chora::docker {

// JSON bodies of the engine calls that take one.

// The body of POST /containers/create for `spec`. Every published port is also listed
// in ExposedPorts, since the engine silently drops PortBindings without one. Cmd is left
// out when empty so the image's CMD applies; NetworkMode and the network's Aliases are
// set only when `spec.network` is. A host port of 0 asks the engine for a free one.
// Healthcheck is sent only when the spec sets one (its durations in nanoseconds), and
// every mount as a HostConfig.Mounts entry of type bind.
std::string container_create_body(const ContainerSpec& spec);

// The body of POST /networks/create: a bridge network with `labels`. CheckDuplicate is
// set, without which the engine creates a second network of the same name and every
// later lookup by name fails as ambiguous.
std::string network_create_body(const std::string& name, const Labels& labels);

// The body of POST /containers/{id}/exec: `command` with stdout and stderr attached, no
// stdin and no TTY, so that the output comes framed and the two streams stay apart.
std::string exec_create_body(const std::vector<std::string>& command);

// The body of POST /exec/{id}/start for an attached run: {"Detach":false,"Tty":false}.
std::string exec_start_body();

}  // namespace chora::docker
