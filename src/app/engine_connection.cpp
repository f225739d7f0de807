#include "app/engine_connection.hpp"

#include <spdlog/spdlog.h>

namespace chora::app {

std::unique_ptr<docker::DockerClient> connect_engine() {
  auto client = std::make_unique<docker::DockerClient>(docker::endpoint_from_environment());
  docker::EngineVersion version = client->version();
  spdlog::debug("engine {} at {} (API {}, using {})", version.version,
                client->endpoint().to_string(), version.api_version, version.negotiated);
  return client;
}

}  // namespace chora::app
