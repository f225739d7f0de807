#include "manifest/secrets_reader.hpp"

#include "manifest/names.hpp"
#include "manifest/paths.hpp"

namespace chora::manifest {

namespace {

const std::vector<std::string> kSecretKeys = {"file"};

// A value written in place of `{ file: ... }` is most likely the secret itself.
bool report_inline_value(YamlReader& reader, const Field& entry, const std::string& path) {
  if (!entry.value.IsScalar() || entry.value.IsNull()) return false;
  reader.report(reader.location(entry.key_node.Mark()), path,
                "expected a map with 'file', found a single value",
                "a secret stays in a file on this machine and never in the manifest: write '" +
                    entry.key + ": { file: ./secrets/" + entry.key + " }'");
  return true;
}

Secret read_secret(YamlReader& reader, const Field& entry, const std::string& path,
                   Manifest& manifest) {
  Secret secret{entry.key, ""};
  if (!is_valid_secret_name(entry.key)) {
    reader.report(reader.location(entry.key_node.Mark()), path,
                  "invalid secret name '" + entry.key + "'", std::string(kSecretNameRule));
  }
  if (report_inline_value(reader, entry, path)) return secret;
  std::optional<FieldMap> fields = reader.read_struct(entry, path, kSecretKeys);
  if (!fields) return secret;

  const Field* file = reader.require(*fields, entry, path, "file",
                                     "add the host file that holds it, such as 'file: "
                                     "./secrets/" +
                                         entry.key + "'");
  if (file == nullptr) return secret;
  manifest.locations[join_path(path, "file")] = reader.location(*file);
  secret.file = read_host_path(reader, *file, join_path(path, "file")).value_or("");
  return secret;
}

}  // namespace

void read_secrets(YamlReader& reader, const Field& field, Manifest& manifest) {
  manifest.locations["secrets"] = reader.location(field);
  std::optional<FieldMap> entries = reader.read_map(field, "secrets", "secret");
  if (!entries) return;

  for (const Field& entry : entries->fields()) {
    std::string path = join_path("secrets", entry.key);
    manifest.locations[path] = reader.location(entry.key_node.Mark());
    manifest.secrets[entry.key] = read_secret(reader, entry, path, manifest);
  }
}

}  // namespace chora::manifest
