#include "manifest/mounts_reader.hpp"

#include <filesystem>
#include <map>

#include "manifest/names.hpp"
#include "manifest/paths.hpp"

namespace chora::manifest {

namespace {

const std::vector<std::string> kFileKeys = {"source", "target"};

// A target must be an absolute path inside the container, and each is used once.
void read_target(ServiceScope& scope, const Field& field, const std::string& key,
                 std::map<std::string, int>& first_line, FileMount& mount) {
  scope.record(key, field);
  std::optional<std::string> text = scope.reader.read_scalar(field, scope.path_of(key));
  if (!text) return;

  if (!is_valid_mount_target(*text)) {
    scope.report(field, key, "invalid target '" + *text + "'", std::string(kMountTargetRule));
    return;
  }
  mount.target = std::filesystem::path(*text).lexically_normal().string();
  if (mount.target.size() > 1 && mount.target.back() == '/') mount.target.pop_back();

  SourceLocation at = scope.reader.location(field);
  auto [first, inserted] = first_line.emplace(mount.target, at.line);
  if (!inserted) {
    scope.report(field, key,
                 "duplicate target '" + mount.target + "' (first at line " +
                     std::to_string(first->second) + ")",
                 "each file needs a place of its own in the container");
  }
}

// One item of `files`, at `key` ("files[1]").
FileMount read_file(ServiceScope& scope, const Field& item, const std::string& key,
                    std::map<std::string, int>& first_line) {
  FileMount mount;
  scope.record(key, item);
  // Docker Compose's short form "./a.yaml:/etc/a.yaml" is the likely slip.
  if (item.value.IsScalar() && !item.value.IsNull()) {
    scope.report(item, key, "expected a map with 'source' and 'target', found a single value",
                 "write each file as { source: ./conf/app.yaml, target: /etc/chora/app.yaml }");
    return mount;
  }
  std::optional<FieldMap> fields = scope.reader.read_struct(item, scope.path_of(key), kFileKeys);
  if (!fields) return mount;

  // A missing field is reported at the item itself, not at the `files:` key.
  Field parent = item;
  parent.key_node = item.value;
  if (const Field* source =
          scope.reader.require(*fields, parent, scope.path_of(key), "source",
                               "add the file on this machine, such as 'source: ./conf/app.yaml'")) {
    scope.record(key + ".source", *source);
    mount.source =
        read_host_path(scope.reader, *source, scope.path_of(key + ".source")).value_or("");
  }
  if (const Field* target = scope.reader.require(
          *fields, parent, scope.path_of(key), "target",
          "add the path in the container, such as 'target: /etc/chora/app.yaml'")) {
    read_target(scope, *target, key + ".target", first_line, mount);
  }
  return mount;
}

}  // namespace

void read_service_secrets(ServiceScope& scope, const Field& field) {
  Service& service = scope.service;
  if (!read_strings(scope, field, "secrets", "secrets: [db_password]", service.secrets)) return;

  std::map<std::string, int> first_line;
  for (std::size_t i = 0; i < service.secrets.size(); ++i) {
    std::string key = "secrets[" + std::to_string(i) + "]";
    SourceLocation at = service.location_of(key);
    auto [first, inserted] = first_line.emplace(service.secrets[i], at.line);
    if (inserted) continue;
    scope.reader.report(at, scope.path_of(key),
                        "duplicate secret '" + service.secrets[i] + "' (first at line " +
                            std::to_string(first->second) + ")");
  }
}

void read_files(ServiceScope& scope, const Field& field) {
  scope.record("files", field);
  std::optional<std::vector<Field>> items =
      scope.reader.read_list(field, scope.path_of("files"),
                             "files: [{ source: ./conf/app.yaml, target: /etc/chora/app.yaml }]");
  if (!items) return;

  std::map<std::string, int> first_line;
  for (const Field& item : *items) {
    scope.service.files.push_back(read_file(scope, item, "files" + item.key, first_line));
  }
}

}  // namespace chora::manifest
