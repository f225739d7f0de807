#include "manifest/service_reader.hpp"

#include "manifest/health_reader.hpp"
#include "manifest/healthcheck_reader.hpp"
#include "manifest/mounts_reader.hpp"
#include "manifest/names.hpp"
#include "manifest/ports.hpp"
#include "manifest/service_rules.hpp"
#include "manifest/service_scope.hpp"
#include "manifest/update_reader.hpp"

namespace chora::manifest {

namespace {

const std::vector<std::string> kServiceKeys = {
    "image",    "version", "env",  "ports",       "command", "depends_on", "stop_timeout",
    "replicas", "update",  "task", "healthcheck", "health",  "secrets",    "files"};

void read_image(ServiceScope& scope, const Field& field) {
  scope.record("image", field);
  std::optional<std::string> image = scope.reader.read_scalar(field, scope.path_of("image"));
  if (!image) return;
  scope.service.image = *image;

  // A tag is a ':' after the last '/'; an earlier one is a registry port.
  std::size_t last_slash = image->rfind('/');
  std::size_t colon = image->find(':', last_slash == std::string::npos ? 0 : last_slash);
  std::size_t at = image->find('@');
  SourceLocation where = scope.reader.location(field);
  if (at != std::string::npos) {
    scope.reader.report(where, scope.path_of("image"), "image '" + *image + "' includes a digest",
                        "write the repository in 'image' and a tag in 'version'");
  } else if (colon != std::string::npos) {
    scope.reader.report(where, scope.path_of("image"), "image '" + *image + "' includes a tag",
                        "write 'image: " + image->substr(0, colon) +
                            "' and 'version: " + image->substr(colon + 1) + "'");
  } else if (!is_valid_image_repository(*image)) {
    scope.reader.report(where, scope.path_of("image"), "invalid image '" + *image + "'",
                        std::string(kImageRule));
  }
}

void read_version(ServiceScope& scope, const Field& field) {
  scope.record("version", field);
  std::optional<std::string> version = scope.reader.read_scalar(field, scope.path_of("version"));
  if (!version) return;

  scope.service.version = *version;
  if (!is_valid_image_tag(*version)) {
    scope.reader.report(scope.reader.location(field), scope.path_of("version"),
                        "invalid version '" + *version + "'", std::string(kImageTagRule));
  }
}

void read_env(ServiceScope& scope, const Field& field) {
  scope.record("env", field);
  std::optional<FieldMap> entries = scope.reader.read_map(field, scope.path_of("env"));
  if (!entries) return;

  for (const Field& entry : entries->fields()) {
    std::string key = "env." + entry.key;
    scope.record(key, entry);
    if (!is_valid_env_name(entry.key)) {
      scope.reader.report(scope.reader.location(entry.key_node.Mark()), scope.path_of(key),
                          "invalid environment variable name '" + entry.key + "'",
                          std::string(kEnvNameRule));
    }
    std::optional<std::string> value = scope.reader.read_scalar(entry, scope.path_of(key));
    if (value) scope.service.env[entry.key] = *value;
  }
}

void read_ports(ServiceScope& scope, const Field& field) {
  scope.record("ports", field);
  std::optional<std::vector<Field>> items =
      scope.reader.read_list(field, scope.path_of("ports"), "ports: [\"8080:80\"]");
  if (!items) return;

  for (const Field& item : *items) {
    std::string path = scope.path_of("ports" + item.key);
    std::optional<std::string> text = scope.reader.read_scalar(item, path);
    if (!text) continue;

    PortError error;
    std::optional<PortMapping> mapping = parse_port_mapping(*text, &error);
    if (!mapping) {
      scope.reader.report(scope.reader.location(item), path, error.message, error.hint);
      continue;
    }
    // Keyed by position in Service::ports, which matches the file unless a bad item was
    // skipped, and then the manifest is refused anyway.
    scope.record("ports[" + std::to_string(scope.service.ports.size()) + "]", item);
    scope.service.ports.push_back(*mapping);
  }
}

void read_stop_timeout(ServiceScope& scope, const Field& field) {
  scope.record("stop_timeout", field);
  std::optional<Duration> timeout =
      scope.reader.read_duration(field, scope.path_of("stop_timeout"));
  if (timeout) scope.service.stop_timeout = *timeout;
}

void check_name(ServiceScope& scope, const Field& entry) {
  if (is_valid_service_name(entry.key)) return;
  scope.reader.report(scope.reader.location(entry.key_node.Mark()), scope.path,
                      "invalid service name '" + entry.key + "'", std::string(kServiceNameRule));
}

}  // namespace

Service read_service(YamlReader& reader, const Field& entry, const std::string& path) {
  Service service;
  service.name = entry.key;
  ServiceScope scope{reader, service, path, ""};
  service.locations[""] = reader.location(entry.key_node.Mark());
  check_name(scope, entry);

  std::optional<FieldMap> fields = reader.read_struct(entry, path, kServiceKeys);
  if (!fields) return service;

  // A service given as an empty map is missing both required fields.
  if (auto image = reader.require(*fields, entry, path, "image",
                                  "add a line such as 'image: chora/indexer'")) {
    read_image(scope, *image);
  }
  if (auto version =
          reader.require(*fields, entry, path, "version", "add a line such as 'version: 2.1.0'")) {
    read_version(scope, *version);
  }
  if (const Field* env = fields->find("env")) read_env(scope, *env);
  if (const Field* ports = fields->find("ports")) read_ports(scope, *ports);
  if (const Field* command = fields->find("command")) {
    read_strings(scope, *command, "command", "command: [\"/bin/httpd\", \"-f\"]", service.command);
  }
  if (const Field* depends_on = fields->find("depends_on")) {
    // Compose users write a map of conditions; here every dependency is waited for.
    read_strings(scope, *depends_on, "depends_on",
                 "depends_on: [chora-config]; each is waited for until it has passed its gates",
                 service.depends_on);
  }
  if (const Field* stop_timeout = fields->find("stop_timeout")) {
    read_stop_timeout(scope, *stop_timeout);
  }
  if (const Field* replicas = fields->find("replicas")) read_replicas(scope, *replicas);
  if (const Field* update = fields->find("update")) read_update(scope, *update);
  if (const Field* task = fields->find("task")) read_task(scope, *task);
  // Before health: `health.require` looks at the healthcheck.
  if (const Field* healthcheck = fields->find("healthcheck")) read_healthcheck(scope, *healthcheck);
  if (const Field* health = fields->find("health")) read_health(reader, *health, path, service);
  if (const Field* secrets = fields->find("secrets")) read_service_secrets(scope, *secrets);
  if (const Field* files = fields->find("files")) read_files(scope, *files);

  check_service_rules(reader, service, path);
  return service;
}

}  // namespace chora::manifest
