#pragma once

#include <string>

#include "manifest/manifest.hpp"
#include "manifest/yaml_reader.hpp"

namespace chora::manifest {

// Reads a service's `health:` map into `service.health`; `path` is the service's path
// ("services.x"). Reads the checks of each level and `require` (health_levels.hpp), and
// checks that the timeout is above zero and longer than an interval of at least 100ms, and
// that stable_for fits inside it. Reads the service's healthcheck, so comes after it.
void read_health(YamlReader& reader, const Field& entry, const std::string& path, Service& service);

}  // namespace chora::manifest
