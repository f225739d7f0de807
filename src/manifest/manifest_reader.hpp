#pragma once

#include <yaml-cpp/yaml.h>

#include "manifest/manifest.hpp"
#include "manifest/yaml_reader.hpp"

namespace chora::manifest {

// Reads the top level of a manifest document (a map) into `manifest`: release,
// environment, trace_id, network (defaulted to "chora-<environment>"), labels, rollout,
// secrets and each service. Problems go to `reader`; fields that could be read are filled
// regardless.
void read_manifest(YamlReader& reader, const YAML::Node& root, Manifest& manifest);

}  // namespace chora::manifest
