#include "manifest/manifest_reader.hpp"

#include "manifest/names.hpp"
#include "manifest/secrets_reader.hpp"
#include "manifest/service_reader.hpp"

namespace chora::manifest {

namespace {

const std::vector<std::string> kTopLevelKeys = {"release", "environment", "trace_id", "network",
                                                "labels",  "rollout",     "secrets",  "services"};
const std::vector<std::string> kRolloutKeys = {"max_parallel", "strict_waves"};

// No release has more services than this; a larger limit is a typo.
constexpr int kMaxParallel = 1000;

// Reads the top-level string `key`; when `is_valid` refuses it, reports "invalid
// <noun> 'x'" with `rule` as hint.
void read_name(YamlReader& reader, const Field& field, Manifest& manifest, std::string* out,
               bool (*is_valid)(std::string_view), std::string_view noun, std::string_view rule) {
  manifest.locations[field.key] = reader.location(field);
  std::optional<std::string> text = reader.read_scalar(field, field.key);
  if (!text) return;

  *out = *text;
  if (is_valid != nullptr && !is_valid(*text)) {
    reader.report(reader.location(field), field.key,
                  "invalid " + std::string(noun) + " '" + *text + "'", std::string(rule));
  }
}

void read_labels(YamlReader& reader, const Field& field, Manifest& manifest) {
  manifest.locations["labels"] = reader.location(field);
  std::optional<FieldMap> entries = reader.read_map(field, "labels");
  if (!entries) return;

  for (const Field& entry : entries->fields()) {
    std::string path = join_path("labels", entry.key);
    manifest.locations[path] = reader.location(entry);
    if (is_reserved_label_key(entry.key)) {
      reader.report(
          reader.location(entry.key_node.Mark()), path, "label key '" + entry.key + "' is reserved",
          "chora-deploy sets the labels under '" + std::string(kReservedLabelPrefix) +
              "' to find its own objects; only '" + std::string(kTestLabelKey) + "' is free");
    }
    std::optional<std::string> value = reader.read_scalar(entry, path);
    if (value) manifest.labels[entry.key] = *value;
  }
}

void read_rollout(YamlReader& reader, const Field& field, Manifest& manifest) {
  manifest.locations["rollout"] = reader.location(field);
  std::optional<FieldMap> fields = reader.read_struct(field, "rollout", kRolloutKeys);
  if (!fields) return;

  if (const Field* max_parallel = fields->find("max_parallel")) {
    manifest.locations["rollout.max_parallel"] = reader.location(*max_parallel);
    std::optional<int> value = reader.read_integer(*max_parallel, "rollout.max_parallel", 0,
                                                   kMaxParallel, "a number of services");
    if (value) manifest.max_parallel = *value;
  }
  if (const Field* strict_waves = fields->find("strict_waves")) {
    manifest.locations["rollout.strict_waves"] = reader.location(*strict_waves);
    std::optional<bool> value = reader.read_bool(*strict_waves, "rollout.strict_waves");
    if (value) manifest.strict_waves = *value;
  }
}

void read_services(YamlReader& reader, const Field& field, Manifest& manifest) {
  manifest.locations["services"] = reader.location(field);
  std::optional<FieldMap> entries = reader.read_map(field, "services", "service");
  if (!entries) return;

  if (entries->fields().empty()) {
    reader.report(reader.location(field), "services", "no services",
                  "a release needs at least one service");
  }
  for (const Field& entry : entries->fields()) {
    std::string path = join_path("services", entry.key);
    manifest.locations[path] = reader.location(entry.key_node.Mark());
    manifest.services.push_back(read_service(reader, entry, path));
  }
}

}  // namespace

void read_manifest(YamlReader& reader, const YAML::Node& root, Manifest& manifest) {
  std::optional<FieldMap> fields = reader.read_struct({"", root, root}, "", kTopLevelKeys);
  if (!fields) return;

  // A missing required top-level field is reported at 1:1, the start of the file.
  auto require = [&](std::string_view key, std::string hint) {
    return reader.require(*fields, std::nullopt, "", key, std::move(hint));
  };

  if (auto field = require("release", "add a line such as 'release: ecosystem-2026.12'")) {
    read_name(reader, *field, manifest, &manifest.release, is_valid_release_name, "release name",
              kReleaseNameRule);
  }
  if (auto field = require("environment", "add a line such as 'environment: staging'")) {
    read_name(reader, *field, manifest, &manifest.environment, is_valid_environment_name,
              "environment name", kEnvironmentNameRule);
  }
  if (const Field* field = fields->find("trace_id")) {
    read_name(reader, *field, manifest, &manifest.trace_id, nullptr, "", "");
  }

  manifest.network = "chora-" + manifest.environment;
  if (const Field* field = fields->find("network")) {
    read_name(reader, *field, manifest, &manifest.network, is_valid_network_name, "network name",
              kNetworkNameRule);
    if (is_predefined_network(manifest.network)) {
      reader.report(reader.location(*field), "network",
                    "network '" + manifest.network + "' is one of Docker's own",
                    "services find each other by name only on a user-defined network; name "
                    "another one (it is created when missing), or leave 'network' out");
    }
  }

  if (const Field* field = fields->find("labels")) read_labels(reader, *field, manifest);
  if (const Field* field = fields->find("rollout")) read_rollout(reader, *field, manifest);
  if (const Field* field = fields->find("secrets")) read_secrets(reader, *field, manifest);
  if (auto field = require("services", "add a 'services:' map with at least one service")) {
    read_services(reader, *field, manifest);
  }
}

}  // namespace chora::manifest
