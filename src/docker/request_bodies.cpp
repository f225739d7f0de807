#include "docker/request_bodies.hpp"

#include <chrono>
#include <cstdint>

#include <nlohmann/json.hpp>

namespace chora::docker {

namespace {

using nlohmann::json;

// "80/tcp" as ExposedPorts and PortBindings key it.
std::string port_key(const PublishedPort& port) {
  return std::to_string(port.container_port) + "/" + port.protocol;
}

json exposed_ports(const std::vector<PublishedPort>& ports) {
  json exposed = json::object();
  for (const PublishedPort& port : ports) {
    exposed[port_key(port)] = json::object();
  }
  return exposed;
}

// HostPort is a string in this API; "" lets the engine choose.
json port_bindings(const std::vector<PublishedPort>& ports) {
  json bindings = json::object();
  for (const PublishedPort& port : ports) {
    const std::string host_port = port.host_port == 0 ? "" : std::to_string(port.host_port);
    bindings[port_key(port)].push_back({{"HostIp", port.host_ip}, {"HostPort", host_port}});
  }
  return bindings;
}

// The engine takes every healthcheck duration in nanoseconds.
std::int64_t nanoseconds(std::chrono::milliseconds duration) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(duration).count();
}

json healthcheck(const HealthcheckConfig& check) {
  return {
      {"Test", check.test},
      {"Interval", nanoseconds(check.interval)},
      {"Timeout", nanoseconds(check.timeout)},
      {"StartPeriod", nanoseconds(check.start_period)},
      {"Retries", check.retries},
  };
}

// Mounts rather than Binds: a missing source is then refused at create, where Binds
// would have the engine make an empty directory in its place.
json bind_mounts(const std::vector<BindMount>& mounts) {
  json list = json::array();
  for (const BindMount& mount : mounts) {
    list.push_back({{"Type", "bind"},
                    {"Source", mount.source},
                    {"Target", mount.target},
                    {"ReadOnly", mount.read_only}});
  }
  return list;
}

json host_config(const ContainerSpec& spec) {
  json config = {{"PortBindings", port_bindings(spec.ports)}};
  if (!spec.network.empty()) {
    config["NetworkMode"] = spec.network;
  }
  if (!spec.mounts.empty()) {
    config["Mounts"] = bind_mounts(spec.mounts);
  }
  return config;
}

}  // namespace

std::string container_create_body(const ContainerSpec& spec) {
  json body = {
      {"Image", spec.image},
      {"Env", spec.env},
      {"Labels", spec.labels},
      {"ExposedPorts", exposed_ports(spec.ports)},
      {"StopTimeout", spec.stop_timeout.count()},
      {"HostConfig", host_config(spec)},
  };
  if (!spec.command.empty()) {
    body["Cmd"] = spec.command;
  }
  if (spec.healthcheck) {
    body["Healthcheck"] = healthcheck(*spec.healthcheck);
  }

  // Aliases only take effect on a user-defined network named in EndpointsConfig.
  if (!spec.network.empty()) {
    body["NetworkingConfig"]["EndpointsConfig"][spec.network] = {{"Aliases", spec.aliases}};
  }
  return body.dump();
}

std::string network_create_body(const std::string& name, const Labels& labels) {
  const json body = {
      {"Name", name},
      {"Driver", "bridge"},
      {"CheckDuplicate", true},
      {"Labels", labels},
  };
  return body.dump();
}

std::string exec_create_body(const std::vector<std::string>& command) {
  const json body = {
      {"AttachStdout", true},
      {"AttachStderr", true},
      {"Cmd", command},
  };
  return body.dump();
}

std::string exec_start_body() {
  const json body = {{"Detach", false}, {"Tty", false}};
  return body.dump();
}

}  // namespace chora::docker
