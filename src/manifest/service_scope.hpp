#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "manifest/manifest.hpp"
#include "manifest/yaml_reader.hpp"

namespace chora::manifest {

// What the readers of one part of a service share: the reader, the service being filled,
// the field path of the part in messages, and the prefix of its keys in
// Service::locations. For `health` of chora-indexer: path "services.chora-indexer.health"
// and prefix "health".
struct ServiceScope {
  YamlReader& reader;
  Service& service;
  std::string path;    // "services.chora-indexer"
  std::string prefix;  // "" for the service itself

  // The scope of the map at `key` below this one: `update`, `health`, `healthcheck`.
  ServiceScope nested(std::string_view key) const;

  // "services.chora-indexer.health.timeout" for "timeout".
  std::string path_of(std::string_view key) const { return join_path(path, key); }
  // "health.timeout" for "timeout": the key in Service::locations.
  std::string key_of(std::string_view key) const { return join_path(prefix, key); }

  void record(std::string_view key, const Field& field);
  void report(const Field& field, std::string_view key, std::string message, std::string hint = {});
};

// Reads a list of strings (command, depends_on, exec, ...) into `out`, recording "<key>"
// and "<key>[i]" for each string read. A single value is refused with a hint built from
// `example`. Returns false when the value is not a list at all.
bool read_strings(ServiceScope& scope, const Field& field, const std::string& key,
                  std::string_view example, std::vector<std::string>& out);

}  // namespace chora::manifest
