#include "plan/gate_description.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "util/duration.hpp"

namespace chora::plan {
namespace {

using manifest::HealthLevel;

bool required(const manifest::HealthSpec& health, HealthLevel level) {
  return std::find(health.require.begin(), health.require.end(), level) != health.require.end();
}

std::string healthcheck_gate(const manifest::Service& service) {
  const manifest::HealthSpec& health = service.health;
  bool explicit_levels = !health.require.empty();
  if (explicit_levels && !required(health, HealthLevel::kHealthcheck)) return "";
  if (service.healthcheck) return "healthcheck (set by the manifest)";
  if (explicit_levels) return "healthcheck (the image's)";
  return "healthcheck (the image's, if it has one)";
}

std::string readiness_gate(const manifest::Manifest& manifest, const manifest::Service& service) {
  std::vector<std::string> parts;
  if (!service.health.readiness.empty()) parts.push_back(describe_probe(service.health.readiness));
  std::vector<std::string> serving;
  for (const std::string& dependency : service.depends_on) {
    const manifest::Service* found = manifest.find(dependency);
    if (found != nullptr && !found->task) serving.push_back(dependency);
  }
  if (!serving.empty()) {
    parts.push_back(fmt::format("{} still healthy", fmt::join(serving, ", ")));
  }
  if (parts.empty()) return "";
  return fmt::format("readiness ({})", fmt::join(parts, "; "));
}

// A level given as a probe is gated when required explicitly, or by default when set.
std::string probe_gate(const manifest::HealthSpec& health, HealthLevel level,
                       const manifest::Probe& probe) {
  bool gated = health.require.empty() ? !probe.empty() : required(health, level);
  if (!gated) return "";
  return fmt::format("{} ({})", manifest::level_name(level), describe_probe(probe));
}

}  // namespace

std::string describe_probe(const manifest::Probe& probe) {
  std::vector<std::string> parts;
  if (probe.http) {
    std::string part = fmt::format("GET :{}{}", probe.http->port, probe.http->path);
    if (probe.http->expect_status != 200) part += fmt::format(" -> {}", probe.http->expect_status);
    if (!probe.http->body.empty()) part += fmt::format(" with '{}'", probe.http->body);
    parts.push_back(part);
  }
  if (probe.tcp) parts.push_back(fmt::format("TCP :{}", probe.tcp->port));
  if (!probe.exec.empty()) parts.push_back(fmt::format("exec {}", fmt::join(probe.exec, " ")));
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::vector<std::string> describe_gates(const manifest::Manifest& manifest,
                                        const manifest::Service& service) {
  const manifest::HealthSpec& health = service.health;
  if (service.task) {
    return {fmt::format("exits 0 within {}", format_duration(health.timeout))};
  }

  std::vector<std::string> gates = {"running"};
  for (std::string gate :
       {healthcheck_gate(service), probe_gate(health, HealthLevel::kLiveness, health.liveness),
        readiness_gate(manifest, service), probe_gate(health, HealthLevel::kSmoke, health.smoke)}) {
    if (!gate.empty()) gates.push_back(gate);
  }
  std::string window = health.stable_for ? format_duration(*health.stable_for) : "";
  if (!window.empty() && window != "0s") gates.push_back("stable for " + window);
  gates.push_back("within " + format_duration(health.timeout));
  return gates;
}

}  // namespace chora::plan
