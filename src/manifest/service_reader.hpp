#pragma once

#include <string>

#include "manifest/manifest.hpp"
#include "manifest/yaml_reader.hpp"

namespace chora::manifest {

// Reads one entry of `services:` (its key is the service name), reporting every problem
// local to the service. What needs the other services (dependencies, shared host ports)
// is checked later by validate.hpp. Fills Service::locations for every field read.
Service read_service(YamlReader& reader, const Field& entry, const std::string& path);

}  // namespace chora::manifest
