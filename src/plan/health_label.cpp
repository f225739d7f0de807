#include "plan/health_label.hpp"

#include <nlohmann/json.hpp>

namespace chora::plan {
namespace {

using manifest::Duration;
using nlohmann::json;

json probe_to_json(const manifest::Probe& probe) {
  json out = json::object();
  if (probe.http) {
    out["http"] = {{"port", probe.http->port},
                   {"path", probe.http->path},
                   {"expect", probe.http->expect_status},
                   {"body", probe.http->body}};
  }
  if (probe.tcp) out["tcp"] = {{"port", probe.tcp->port}};
  if (!probe.exec.empty()) out["exec"] = probe.exec;
  return out;
}

manifest::Probe probe_from_json(const json& in) {
  manifest::Probe probe;
  if (in.contains("http")) {
    const json& http = in["http"];
    probe.http = manifest::HttpCheck{http.at("port").get<std::uint16_t>(),
                                     http.at("path").get<std::string>(),
                                     http.at("expect").get<int>(), http.value("body", "")};
  }
  if (in.contains("tcp")) probe.tcp = manifest::TcpCheck{in["tcp"].at("port")};
  if (in.contains("exec")) probe.exec = in["exec"].get<std::vector<std::string>>();
  return probe;
}

manifest::HealthSpec health_from_json(const json& in) {
  manifest::HealthSpec health;
  if (in.contains("liveness")) health.liveness = probe_from_json(in["liveness"]);
  if (in.contains("readiness")) health.readiness = probe_from_json(in["readiness"]);
  if (in.contains("smoke")) health.smoke = probe_from_json(in["smoke"]);
  for (int level : in.value("require", std::vector<int>())) {
    health.require.push_back(static_cast<manifest::HealthLevel>(level));
  }
  health.timeout = Duration(in.at("timeout_ms").get<long long>());
  health.interval = Duration(in.at("interval_ms").get<long long>());
  if (in.contains("stable_for_ms")) health.stable_for = Duration(in["stable_for_ms"]);
  return health;
}

}  // namespace

std::string health_label(const manifest::HealthSpec& health) {
  json out = {{"timeout_ms", health.timeout.count()}, {"interval_ms", health.interval.count()}};
  if (!health.liveness.empty()) out["liveness"] = probe_to_json(health.liveness);
  if (!health.readiness.empty()) out["readiness"] = probe_to_json(health.readiness);
  if (!health.smoke.empty()) out["smoke"] = probe_to_json(health.smoke);
  if (!health.require.empty()) {
    std::vector<int> levels;
    for (manifest::HealthLevel level : health.require) levels.push_back(static_cast<int>(level));
    out["require"] = levels;
  }
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
