#include "manifest/service_scope.hpp"

namespace chora::manifest {

ServiceScope ServiceScope::nested(std::string_view key) const {
  return {reader, service, path_of(key), key_of(key)};
}

void ServiceScope::record(std::string_view key, const Field& field) {
  service.locations[key_of(key)] = reader.location(field);
}

void ServiceScope::report(const Field& field, std::string_view key, std::string message,
                          std::string hint) {
  reader.report(reader.location(field), path_of(key), std::move(message), std::move(hint));
}

bool read_strings(ServiceScope& scope, const Field& field, const std::string& key,
                  std::string_view example, std::vector<std::string>& out) {
  scope.record(key, field);
  std::optional<std::vector<Field>> items =
      scope.reader.read_list(field, scope.path_of(key), example);
  if (!items) return false;

  for (const Field& item : *items) {
    std::optional<std::string> text = scope.reader.read_scalar(item, scope.path_of(key + item.key));
    if (!text) continue;
    scope.record(key + "[" + std::to_string(out.size()) + "]", item);
    out.push_back(*text);
  }
  return true;
}

}  // namespace chora::manifest
