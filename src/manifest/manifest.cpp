#include "manifest/manifest.hpp"

namespace chora::manifest {

std::string PortMapping::to_string() const {
  std::string text;
  if (!host_ip.empty()) text += host_ip + ":";
  text += std::to_string(host_port) + ":" + std::to_string(container_port) + "/" + protocol;
  return text;
}

SourceLocation Service::location_of(const std::string& field) const {
  auto found = locations.find(field);
  if (found != locations.end()) return found->second;

  auto own_key = locations.find("");
  return own_key != locations.end() ? own_key->second : SourceLocation{};
}

const Service* Manifest::find(const std::string& name) const {
  for (const Service& service : services) {
    if (service.name == name) return &service;
  }
  return nullptr;
}

std::string_view level_name(HealthLevel level) {
  switch (level) {
    case HealthLevel::kRunning: return "running";
    case HealthLevel::kHealthcheck: return "healthcheck";
    case HealthLevel::kLiveness: return "liveness";
    case HealthLevel::kReadiness: return "readiness";
    case HealthLevel::kSmoke: return "smoke";
  }
  return "running";
}

}  // namespace chora::manifest
