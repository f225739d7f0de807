#pragma once

#include <memory>

#include "docker/docker_client.hpp"

namespace chora::app {

// A client for the engine DOCKER_HOST names (default: the local unix socket), checked
// to answer. Throws Error (kEngineUnreachable) when it does not.
std::unique_ptr<docker::DockerClient> connect_engine();

}  // namespace chora::app
