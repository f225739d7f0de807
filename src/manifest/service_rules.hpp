#pragma once

#include <string>

#include "manifest/manifest.hpp"
#include "manifest/yaml_reader.hpp"

namespace chora::manifest {

// Checks between the fields of one service once all of it is read: replicas against
// published ports, the update against replicas and ports, what a task may not have, file
// targets against the service's secrets, and a healthcheck that could not answer before
// the health timeout. A field whose own value was refused is left out, so a problem is
// reported once. `path` is the service's ("services.x").
void check_service_rules(YamlReader& reader, const Service& service, const std::string& path);

}  // namespace chora::manifest
