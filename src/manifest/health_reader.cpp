#include "manifest/health_reader.hpp"

#include "util/duration.hpp"

namespace chora::manifest {

namespace {

const std::vector<std::string> kHealthKeys = {"http", "tcp", "timeout", "interval", "stable_for"};
const std::vector<std::string> kHttpKeys = {"port", "path", "expect"};
const std::vector<std::string> kTcpKeys = {"port"};
constexpr Duration kMinInterval = std::chrono::milliseconds(100);

// What the readers of one health section share.
struct HealthScope {
  YamlReader& reader;
  Service& service;
  std::string path;  // "services.chora-indexer.health"

  std::string path_of(std::string_view key) const { return join_path(path, key); }
  void record(const std::string& key, const Field& field) {
    service.locations[join_path("health", key)] = reader.location(field);
  }
};

// Reads the required `port` of an http or tcp check named `check`.
std::optional<std::uint16_t> read_check_port(HealthScope& scope, const Field& entry,
                                             const FieldMap& fields, const std::string& check) {
  const Field* port = scope.reader.require(fields, entry, scope.path_of(check), "port",
                                           "add the container port to probe, such as 'port: 80'");
  if (port == nullptr) return std::nullopt;
  scope.record(check + ".port", *port);
  std::optional<int> value =
      scope.reader.read_integer(*port, scope.path_of(check + ".port"), 1, 65535, "a port number");
  if (!value) return std::nullopt;
  return static_cast<std::uint16_t>(*value);
}

void read_http_path(HealthScope& scope, const Field& field, HttpCheck& http) {
  scope.record("http.path", field);
  std::string path = scope.path_of("http.path");
  std::optional<std::string> text = scope.reader.read_scalar(field, path);
  if (!text) return;

  http.path = *text;
  if (text->empty() || text->front() != '/') {
    scope.reader.report(scope.reader.location(field), path,
                        "HTTP path '" + *text + "' does not start with '/'",
                        "write '/" + *text + "'");
  }
}

void read_http(HealthScope& scope, const Field& entry) {
  scope.record("http", entry);
  std::optional<FieldMap> fields =
      scope.reader.read_struct(entry, scope.path_of("http"), kHttpKeys);
  if (!fields) return;

  HttpCheck http;
  if (auto port = read_check_port(scope, entry, *fields, "http")) http.port = *port;
  if (const Field* path = fields->find("path")) read_http_path(scope, *path, http);
  if (const Field* expect = fields->find("expect")) {
    scope.record("http.expect", *expect);
    std::optional<int> status = scope.reader.read_integer(*expect, scope.path_of("http.expect"),
                                                          100, 599, "an HTTP status");
    if (status) http.expect_status = *status;
  }
  scope.service.health.liveness.http = http;
}

void read_tcp(HealthScope& scope, const Field& entry) {
  scope.record("tcp", entry);
  std::optional<FieldMap> fields = scope.reader.read_struct(entry, scope.path_of("tcp"), kTcpKeys);
  if (!fields) return;

  TcpCheck tcp;
  if (auto port = read_check_port(scope, entry, *fields, "tcp")) tcp.port = *port;
  scope.service.health.liveness.tcp = tcp;
}

// Reads `timeout` or `interval`; nullopt when absent or bad.
std::optional<Duration> read_timing(HealthScope& scope, const FieldMap& fields,
                                    const std::string& key) {
  const Field* field = fields.find(key);
  if (field == nullptr) return std::nullopt;
  scope.record(key, *field);
  return scope.reader.read_duration(*field, scope.path_of(key));
}

// The timeout must leave room for probes: above zero, and longer than the interval,
// which itself must not hammer the container.
void check_timing(HealthScope& scope, const FieldMap& fields, bool timeout_ok, bool interval_ok) {
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
void read_stable_for(HealthScope& scope, const FieldMap& fields, bool timeout_ok) {
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
  HealthScope scope{reader, service, join_path(path, "health")};
  service.locations["health"] = reader.location(entry);
  std::optional<FieldMap> fields = reader.read_struct(entry, scope.path, kHealthKeys);
  if (!fields) return;

  if (const Field* http = fields->find("http")) read_http(scope, *http);
  if (const Field* tcp = fields->find("tcp")) read_tcp(scope, *tcp);

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
