#include "manifest/probe_reader.hpp"

namespace chora::manifest {

namespace {

const std::vector<std::string> kProbeKeys = {"http", "tcp", "exec"};
const std::vector<std::string> kHttpKeys = {"port", "path", "expect", "body"};
const std::vector<std::string> kTcpKeys = {"port"};
constexpr std::string_view kExecExample =
    "exec: [\"sh\", \"-c\", \"wget -q -O- http://127.0.0.1/ready\"]";

// Reads the required `port` of the check at `key`.
std::optional<std::uint16_t> read_check_port(ServiceScope& scope, const Field& entry,
                                             const FieldMap& fields, const std::string& key) {
  const Field* port = scope.reader.require(fields, entry, scope.path_of(key), "port",
                                           "add the container port to probe, such as 'port: 80'");
  if (port == nullptr) return std::nullopt;
  scope.record(key + ".port", *port);
  std::optional<int> value =
      scope.reader.read_integer(*port, scope.path_of(key + ".port"), 1, 65535, "a port number");
  if (!value) return std::nullopt;
  return static_cast<std::uint16_t>(*value);
}

void read_http_path(ServiceScope& scope, const Field& field, const std::string& key,
                    HttpCheck& http) {
  scope.record(key, field);
  std::optional<std::string> text = scope.reader.read_scalar(field, scope.path_of(key));
  if (!text) return;

  http.path = *text;
  if (text->empty() || text->front() != '/') {
    scope.report(field, key, "HTTP path '" + *text + "' does not start with '/'",
                 "write '/" + *text + "'");
  }
}

// The command of an exec check; an empty one could not be run.
void read_exec(ServiceScope& scope, const Field& field, const std::string& key, Probe& probe) {
  bool read = read_strings(scope, field, key, kExecExample, probe.exec);
  if (!read || !probe.exec.empty() || scope.reader.reported(scope.path_of(key))) return;
  scope.report(field, key, "the exec command is empty",
               "write the command and its arguments as a list, e.g. " + std::string(kExecExample));
}

}  // namespace

std::optional<HttpCheck> read_http_check(ServiceScope& scope, const Field& entry,
                                         const std::string& key) {
  scope.record(key, entry);
  std::optional<FieldMap> fields = scope.reader.read_struct(entry, scope.path_of(key), kHttpKeys);
  if (!fields) return std::nullopt;

  HttpCheck http;
  if (auto port = read_check_port(scope, entry, *fields, key)) http.port = *port;
  if (const Field* path = fields->find("path")) read_http_path(scope, *path, key + ".path", http);
  if (const Field* expect = fields->find("expect")) {
    scope.record(key + ".expect", *expect);
    std::optional<int> status = scope.reader.read_integer(*expect, scope.path_of(key + ".expect"),
                                                          100, 599, "an HTTP status");
    if (status) http.expect_status = *status;
  }
  if (const Field* body = fields->find("body")) {
    scope.record(key + ".body", *body);
    std::optional<std::string> text = scope.reader.read_scalar(*body, scope.path_of(key + ".body"));
    if (text) http.body = *text;
  }
  return http;
}

std::optional<TcpCheck> read_tcp_check(ServiceScope& scope, const Field& entry,
                                       const std::string& key) {
  scope.record(key, entry);
  std::optional<FieldMap> fields = scope.reader.read_struct(entry, scope.path_of(key), kTcpKeys);
  if (!fields) return std::nullopt;

  TcpCheck tcp;
  if (auto port = read_check_port(scope, entry, *fields, key)) tcp.port = *port;
  return tcp;
}

Probe read_probe(ServiceScope& scope, const Field& entry, const std::string& key) {
  scope.record(key, entry);
  Probe probe;
  std::optional<FieldMap> fields = scope.reader.read_struct(entry, scope.path_of(key), kProbeKeys);
  if (!fields) return probe;

  // Only a map with nothing in it: an unknown key was already reported as such.
  if (entry.value.size() == 0) {
    scope.report(entry, key, "a probe needs http, tcp or exec",
                 "add a check, such as 'http: { port: 80, path: /health }' or "
                 "'exec: [\"/bin/check\"]', or leave '" +
                     key + "' out");
    return probe;
  }
  if (const Field* http = fields->find("http"))
    probe.http = read_http_check(scope, *http, key + ".http");
  if (const Field* tcp = fields->find("tcp")) probe.tcp = read_tcp_check(scope, *tcp, key + ".tcp");
  if (const Field* exec = fields->find("exec")) read_exec(scope, *exec, key + ".exec", probe);
  return probe;
}

}  // namespace chora::manifest
