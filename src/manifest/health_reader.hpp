#pragma once

#include <string>

#include "manifest/manifest.hpp"
#include "manifest/yaml_reader.hpp"

namespace chora::manifest {

// Reads a service's `health:` map into `service.health`; `path` is the service's path
// ("services.x"). Checks the ports, the HTTP path and status, and that the timeout is
// above zero and longer than an interval of at least 100ms.
void read_health(YamlReader& reader, const Field& entry, const std::string& path, Service& service);

}  // namespace chora::manifest
