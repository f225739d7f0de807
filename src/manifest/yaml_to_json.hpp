#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace chora::manifest {

// Converts the first YAML document of `text` to JSON the way yaml-language-server sees it,
// so the manifest's JSON Schema can be checked against the same files the loader reads:
// quoted scalars are strings; plain ones are null, booleans, integers or floats under
// YAML's core schema, else strings. A repeated key keeps its first value, like the loader.
// Throws chora::Error (kInvalidManifest) when `text` is not valid YAML.
nlohmann::json yaml_to_json(const std::string& text);

}  // namespace chora::manifest
