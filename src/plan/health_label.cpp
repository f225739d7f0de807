#include "plan/health_label.hpp"

#include <nlohmann/json.hpp>

namespace chora::plan {
namespace {

using manifest::Duration;
using nlohmann::json;

Duration millis(const json& value) {
  return Duration(value.get<long long>());
}

manifest::HealthSpec health_from_json(const json& in) {
  manifest::HealthSpec health;
  if (in.contains("http")) {
    const json& http = in["http"];
    health.http =
        manifest::HttpCheck{http.at("port").get<std::uint16_t>(),
                            http.at("path").get<std::string>(), http.at("expect").get<int>()};
  }
  if (in.contains("tcp")) health.tcp = manifest::TcpCheck{in["tcp"].at("port")};
  health.timeout = millis(in.at("timeout_ms"));
  health.interval = millis(in.at("interval_ms"));
  if (in.contains("stable_for_ms")) health.stable_for = millis(in["stable_for_ms"]);
  return health;
}

}  // namespace

std::string health_label(const manifest::HealthSpec& health) {
  json out = {{"timeout_ms", health.timeout.count()}, {"interval_ms", health.interval.count()}};
  if (health.http) {
    out["http"] = {{"port", health.http->port},
                   {"path", health.http->path},
                   {"expect", health.http->expect_status}};
  }
  if (health.tcp) out["tcp"] = {{"port", health.tcp->port}};
  if (health.stable_for) out["stable_for_ms"] = health.stable_for->count();
  return out.dump();
}

std::optional<manifest::HealthSpec> parse_health_label(std::string_view label) {
  json parsed = json::parse(label, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return std::nullopt;
  try {
    return health_from_json(parsed);
  } catch (const json::exception&) {
    return std::nullopt;  // a label from another version of the tool, or edited
  }
}

}  // namespace chora::plan
