#include "manifest/health_levels.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "manifest/probe_reader.hpp"
#include "util/suggest.hpp"

namespace chora::manifest {

namespace {

const std::vector<std::string> kLevelNames = {"running", "healthcheck", "liveness", "readiness",
                                              "smoke"};

// `health.http` or `health.tcp` (`check`) written as well as `health.liveness.<check>`.
void report_twice(ServiceScope& scope, const std::string& check, std::string_view name) {
  std::string key = "liveness." + check;
  SourceLocation first = scope.service.location_of(scope.key_of(check));
  scope.reader.report(
      scope.service.location_of(scope.key_of(key)), scope.path_of(key),
      "the liveness " + std::string(name) + " check is already set by health." + check + " (line " +
          std::to_string(first.line) + ")",
      "'health." + check + "' is short for 'health.liveness." + check + "'; write it once");
}

// `health.liveness`, merged with the short forms `health.http` and `health.tcp`.
void read_liveness(ServiceScope& scope, const Field& entry, const FieldMap& fields) {
  Probe probe = read_probe(scope, entry, "liveness");
  Probe& liveness = scope.service.health.liveness;
  if (probe.http && fields.find("http")) report_twice(scope, "http", "HTTP");
  if (probe.http && !fields.find("http")) liveness.http = probe.http;
  if (probe.tcp && fields.find("tcp")) report_twice(scope, "tcp", "TCP");
  if (probe.tcp && !fields.find("tcp")) liveness.tcp = probe.tcp;
  liveness.exec = probe.exec;
}

// Why `level` cannot be required here, or "" when it can. A level whose key was written
// but could not be read has been reported already.
std::pair<std::string, std::string> missing_check(const ServiceScope& scope, HealthLevel level,
                                                  const FieldMap& fields) {
  std::string name(level_name(level));
  if (level == HealthLevel::kLiveness && !fields.find("liveness") && !fields.find("http") &&
      !fields.find("tcp")) {
    return {"liveness is required but health.liveness sets no check",
            "add a check under health.liveness (or health.http or health.tcp), or take "
            "'liveness' out of require"};
  }
  // Readiness also covers the dependencies: with some, it needs no check of its own.
  bool dependencies = level == HealthLevel::kReadiness && !scope.service.depends_on.empty();
  if ((level == HealthLevel::kReadiness || level == HealthLevel::kSmoke) && !fields.find(name) &&
      !dependencies) {
    return {name + " is required but health." + name + " sets no check",
            "add a check under health." + name +
                ", such as 'http: { port: 80, path: /ready }', or take '" + name +
                "' out of require"};
  }
  const std::optional<Healthcheck>& healthcheck = scope.service.healthcheck;
  if (level == HealthLevel::kHealthcheck && healthcheck && healthcheck->test.size() == 1 &&
      healthcheck->test[0] == "NONE") {
    return {"healthcheck is required but healthcheck.test is NONE, which turns it off",
            "take 'healthcheck' out of require, or give the healthcheck a command to run"};
  }
  return {};
}

// One entry of `require`: a known level, listed once, that has a check to run.
std::optional<HealthLevel> read_level(ServiceScope& scope, const std::string& name,
                                      const std::string& key, const FieldMap& fields,
                                      std::map<std::string, int>& first_line) {
  SourceLocation at = scope.service.location_of(scope.key_of(key));
  auto known = std::find(kLevelNames.begin(), kLevelNames.end(), name);
  if (known == kLevelNames.end()) {
    std::optional<std::string> match = closest_match(name, kLevelNames);
    scope.reader.report(at, scope.path_of(key), "unknown health level '" + name + "'",
                        match ? "did you mean '" + *match + "'?"
                              : "expected one of: running, healthcheck, liveness, readiness, "
                                "smoke");
    return std::nullopt;
  }
  auto [first, inserted] = first_line.emplace(name, at.line);
  if (!inserted) {
    scope.reader.report(
        at, scope.path_of(key),
        "duplicate level '" + name + "' (first at line " + std::to_string(first->second) + ")");
    return std::nullopt;
  }

  auto level = static_cast<HealthLevel>(known - kLevelNames.begin() + 1);
  auto [message, hint] = missing_check(scope, level, fields);
  if (!message.empty()) scope.reader.report(at, scope.path_of(key), message, hint);
  return level;
}

}  // namespace

void read_levels(ServiceScope& scope, const FieldMap& fields) {
  HealthSpec& health = scope.service.health;
  if (const Field* http = fields.find("http")) {
    health.liveness.http = read_http_check(scope, *http, "http");
  }
  if (const Field* tcp = fields.find("tcp")) {
    health.liveness.tcp = read_tcp_check(scope, *tcp, "tcp");
  }
  if (const Field* liveness = fields.find("liveness")) read_liveness(scope, *liveness, fields);
  if (const Field* readiness = fields.find("readiness")) {
    health.readiness = read_probe(scope, *readiness, "readiness");
  }
  if (const Field* smoke = fields.find("smoke")) health.smoke = read_probe(scope, *smoke, "smoke");
}

// `require`: the levels that gate the service, kept in level order; running always.
void read_require(ServiceScope& scope, const Field& field, const FieldMap& fields) {
  std::vector<std::string> names;
  if (!read_strings(scope, field, "require", "require: [liveness, readiness]", names)) return;

  std::vector<HealthLevel> levels = {HealthLevel::kRunning};
  std::map<std::string, int> first_line;
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string key = "require[" + std::to_string(i) + "]";
    std::optional<HealthLevel> level = read_level(scope, names[i], key, fields, first_line);
    if (level && *level != HealthLevel::kRunning) levels.push_back(*level);
  }
  std::sort(levels.begin(), levels.end());
  scope.service.health.require = levels;
}

}  // namespace chora::manifest
