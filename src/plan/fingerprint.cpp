#include "plan/fingerprint.hpp"

#include <nlohmann/json.hpp>

#include "util/digest.hpp"

namespace chora::plan {
namespace {

using nlohmann::json;

// Each part as canonical JSON; nlohmann sorts object keys, so equal input gives equal text.
std::map<std::string, json> parts_of(const manifest::Manifest& manifest,
                                     const manifest::Service& service) {
  json ports = json::array();
  for (const manifest::PortMapping& port : service.ports) ports.push_back(port.to_string());

  std::map<std::string, json> parts;
  parts["image"] = service.image_ref();
  parts["env"] = service.env;
  parts["ports"] = ports;
  parts["command"] = service.command;
  parts["network"] = manifest.network;
  parts["stop_timeout"] = service.stop_timeout.count();
  parts["labels"] = manifest.labels;

  // Parts added later count only when set, so that containers made before keep their hash.
  if (service.healthcheck) {
    const manifest::Healthcheck& check = *service.healthcheck;
    auto millis = [](const std::optional<manifest::Duration>& d) { return d ? d->count() : -1; };
    parts["healthcheck"] = {check.test, millis(check.interval), millis(check.timeout),
                            millis(check.start_period), check.retries.value_or(-1)};
  }
  json mounts = json::array();
  for (const std::string& secret : service.secrets) {
    mounts.push_back({manifest.secrets.at(secret).file, "/run/secrets/" + secret});
  }
  for (const manifest::FileMount& file : service.files)
    mounts.push_back({file.source, file.target});
  if (!mounts.empty()) parts["mounts"] = mounts;
  if (service.task) parts["task"] = true;
  return parts;
}

}  // namespace

std::string Fingerprint::parts_label() const {
  return json(parts).dump();
}

Fingerprint fingerprint_of(const manifest::Manifest& manifest, const manifest::Service& service) {
  Fingerprint result;
  json whole = json::object();
  for (const auto& [name, value] : parts_of(manifest, service)) {
    result.parts[name] = sha1_hex(value.dump()).substr(0, 8);
    whole[name] = value;
  }
  result.hash = sha1_hex(whole.dump()).substr(0, 16);
  return result;
}

std::map<std::string, std::string> parse_parts_label(std::string_view label) {
  json parsed = json::parse(label, nullptr, /*allow_exceptions=*/false);
  std::map<std::string, std::string> parts;
  if (!parsed.is_object()) return parts;
  for (const auto& [name, value] : parsed.items()) {
    if (value.is_string()) parts[name] = value.get<std::string>();
  }
  return parts;
}

}  // namespace chora::plan
