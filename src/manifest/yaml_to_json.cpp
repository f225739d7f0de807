#include "manifest/yaml_to_json.hpp"

#include <yaml-cpp/yaml.h>

#include "manifest/yaml_reader.hpp"
#include "util/error.hpp"

namespace chora::manifest {

namespace {

nlohmann::json scalar_to_json(const YAML::Node& node) {
  const std::string& text = node.Scalar();
  switch (classify_scalar(node)) {
    case ScalarKind::kNull:
      return nullptr;
    case ScalarKind::kBool:
      return text[0] == 't' || text[0] == 'T';
    case ScalarKind::kInteger:
      // Hexadecimal, octal and numbers past 64 bits stay text; manifests have none.
      if (text.find_first_of("xo") == std::string::npos && text.size() < 19) {
        return std::stoll(text);
      }
      return text;
    case ScalarKind::kFloat:
      return text.find_first_of("in") == std::string::npos ? nlohmann::json(std::stod(text))
                                                           : nlohmann::json(text);
    case ScalarKind::kString:
      return text;
  }
  return text;
}

nlohmann::json node_to_json(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return nullptr;
  if (node.IsScalar()) return scalar_to_json(node);

  if (node.IsSequence()) {
    nlohmann::json array = nlohmann::json::array();
    for (const YAML::Node& item : node) array.push_back(node_to_json(item));
    return array;
  }

  nlohmann::json object = nlohmann::json::object();
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string key = it->first.IsScalar() ? it->first.Scalar() : YAML::Dump(it->first);
    if (!object.contains(key)) object[key] = node_to_json(it->second);
  }
  return object;
}

}  // namespace

nlohmann::json yaml_to_json(const std::string& text) {
  try {
    return node_to_json(YAML::Load(text));
  } catch (const YAML::Exception& error) {
    throw Error(ErrorKind::kInvalidManifest, "invalid YAML: " + error.msg);
  }
}

}  // namespace chora::manifest
