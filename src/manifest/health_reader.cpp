#include "manifest/health_reader.hpp"

#include "manifest/health_levels.hpp"
#include "manifest/service_scope.hpp"
#include "util/duration.hpp"

namespace chora::manifest {

namespace {

const std::vector<std::string> kHealthKeys = {"http",      "tcp",      "liveness",
                                              "readiness", "smoke",    "require",
                                              "timeout",   "interval", "stable_for"};
constexpr Duration kMinInterval = std::chrono::milliseconds(100);

// Reads `timeout` or `interval`; nullopt when absent or bad.
std::optional<Duration> read_timing(ServiceScope& scope, const FieldMap& fields,
                                    const std::string& key) {
  const Field* field = fields.find(key);
  if (field == nullptr) return std::nullopt;
  scope.record(key, *field);
  return scope.reader.read_duration(*field, scope.path_of(key));
}

// The timeout must leave room for probes: above zero, and longer than the interval,
// which itself must not hammer the container.
void check_timing(ServiceScope& scope, const FieldMap& fields, bool timeout_ok, bool interval_ok) {
  HealthSpec& health = scope.service.health;
  const Field* timeout = fields.find("timeout");
  const Field* interval = fields.find("interval");
  YamlReader& reader = scope.reader;

  if (timeout && timeout_ok && health.timeout.count() == 0) {
    reader.report(reader.location(*timeout), scope.path_of("timeout"),
                  "the timeout must be longer than zero");
    return;
  }
  if (interval && interval_ok && health.interval < kMinInterval) {
    reader.report(reader.location(*interval), scope.path_of("interval"),
                  "interval " + format_duration(health.interval) +
                      " is shorter than the minimum of " + format_duration(kMinInterval));
    return;
  }
  if (!timeout_ok || !interval_ok || health.interval < health.timeout) return;

  // Point at whichever of the two was written; with both, at the interval.
  const Field* blame = interval ? interval : timeout;
  std::string key = interval ? "interval" : "timeout";
  reader.report(reader.location(*blame), scope.path_of(key),
                "interval " + format_duration(health.interval) +
                    " is not shorter than the timeout " + format_duration(health.timeout),
                "probes repeat every interval until the timeout; make the interval shorter "
                "or the timeout longer");
}

// The window must fit inside the deadline, or no container could ever pass.
void read_stable_for(ServiceScope& scope, const FieldMap& fields, bool timeout_ok) {
  const Field* field = fields.find("stable_for");
  std::optional<Duration> stable_for = read_timing(scope, fields, "stable_for");
  if (!stable_for) return;

  HealthSpec& health = scope.service.health;
  health.stable_for = *stable_for;
  if (!timeout_ok || *stable_for < health.timeout) return;
  scope.reader.report(scope.reader.location(*field), scope.path_of("stable_for"),
                      "stable_for " + format_duration(*stable_for) +
                          " is not shorter than the timeout " + format_duration(health.timeout),
                      "a container must turn healthy and then stay so within the timeout; "
                      "make stable_for shorter or the timeout longer");
}

}  // namespace

void read_health(YamlReader& reader, const Field& entry, const std::string& path,
                 Service& service) {
  ServiceScope scope = ServiceScope{reader, service, path, ""}.nested("health");
  service.locations["health"] = reader.location(entry);
  std::optional<FieldMap> fields = reader.read_struct(entry, scope.path, kHealthKeys);
  if (!fields) return;

  read_levels(scope, *fields);
  if (const Field* require = fields->find("require")) read_require(scope, *require, *fields);

  std::optional<Duration> timeout = read_timing(scope, *fields, "timeout");
  std::optional<Duration> interval = read_timing(scope, *fields, "interval");
  if (timeout) service.health.timeout = *timeout;
  if (interval) service.health.interval = *interval;
  bool timeout_ok = timeout || !fields->find("timeout");
  bool interval_ok = interval || !fields->find("interval");
  check_timing(scope, *fields, timeout_ok, interval_ok);
  read_stable_for(scope, *fields, timeout_ok);
}

}  // namespace chora::manifest
