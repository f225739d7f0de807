#include "health/probes.hpp"

#include <fmt/format.h>

#include "docker/http_transport.hpp"
#include "health/service_output.hpp"
#include "util/error.hpp"

namespace chora::health {
namespace {

ProbeResult pass(std::string detail) {
  return {ProbeResult::Verdict::kPass, std::move(detail)};
}

ProbeResult pending(std::string detail) {
  return {ProbeResult::Verdict::kPending, std::move(detail)};
}

ProbeResult fatal(std::string detail) {
  return {ProbeResult::Verdict::kFatal, std::move(detail)};
}

std::string exit_description(const docker::ContainerState& state) {
  std::string text = fmt::format("container {} with exit code {}", state.status, state.exit_code);
  if (state.oom_killed) text += " (killed: out of memory)";
  if (!state.error.empty()) text += ": " + state.error;
  return text;
}

}  // namespace

ProbeResult check_running(const docker::ContainerDetails& container) {
  const docker::ContainerState& state = container.state;
  if (state.status == "running" && !state.restarting) return pass("running");
  if (state.status == "created") return pending("container not started yet");
  if (state.restarting || state.status == "restarting") {
    return fatal(fmt::format("container is restarting (restarted {} times, last exit code {})",
                             container.restart_count, state.exit_code));
  }
  return fatal(exit_description(state));
}

ProbeResult check_docker_health(const docker::ContainerDetails& container, OutputQuoting quoting) {
  if (!container.has_healthcheck || !container.state.health) return pass("");

  const std::string& health = *container.state.health;
  if (health == "healthy") return pass("HEALTHCHECK healthy");

  std::string seen = quote_last_line(container.state.last_health_output, quoting);
  if (health == "unhealthy") return fatal("Docker HEALTHCHECK reports unhealthy" + seen);
  return pending("Docker HEALTHCHECK still " + health + seen);
}

ProbeResult probe_http(const std::string& ip, const manifest::HttpCheck& check,
                       std::chrono::milliseconds timeout) {
  std::string url = fmt::format("http://{}:{}{}", ip, check.port, check.path);
  docker::HttpRequest request;
  request.target = check.path;
  try {
    docker::HttpResponse response =
        docker::send_request(docker::Endpoint::tcp(ip, check.port), request, timeout);
    if (response.status == check.expect_status && !check.body.empty() &&
        response.body.find(check.body) == std::string::npos) {
      return pending(fmt::format("GET {} answered {} without '{}' in its body", url,
                                 response.status, check.body));
    }
    if (response.status == check.expect_status) {
      return pass(fmt::format("GET {} answered {}", url, response.status));
    }
    return pending(
        fmt::format("GET {} answered {}, expected {}", url, response.status, check.expect_status));
  } catch (const Error& error) {
    return pending(fmt::format("GET {} failed: {}", url, error.message()));
  }
}

ProbeResult probe_tcp(const std::string& ip, const manifest::TcpCheck& check,
                      std::chrono::milliseconds timeout) {
  std::string address = fmt::format("{}:{}", ip, check.port);
  if (docker::tcp_connects(docker::Endpoint::tcp(ip, check.port), timeout)) {
    return pass("TCP " + address + " accepts connections");
  }
  return pending("TCP " + address + " refuses connections");
}

ProbeResult probe_exec(docker::Engine& engine, const std::string& container_id,
                       const std::vector<std::string>& command, const ProbeLimits& limits) {
  std::string shown = fmt::format("exec '{}'", fmt::join(command, " "));
  try {
    docker::ExecResult result =
        engine.exec(container_id, command, limits.exec_timeout, limits.cancel);
    if (result.exit_code == 0) return pass(shown + " exited 0");
    return pending(fmt::format("{} exited {}{}", shown, result.exit_code,
                               quote_last_line(result.output, limits.quoting)));
  } catch (const Error& error) {
    return pending(fmt::format("{} failed: {}", shown, error.message()));
  }
}

ProbeResult run_probe(docker::Engine& engine, const manifest::Probe& probe,
                      const std::string& container_id, const std::string& ip,
                      const ProbeLimits& limits) {
  std::vector<ProbeResult> results;
  bool needs_address = probe.http || probe.tcp;
  if (needs_address && ip.empty()) {
    return pending("no address on the release network yet");
  }
  if (probe.http) results.push_back(probe_http(ip, *probe.http, limits.network_timeout));
  if (probe.tcp) results.push_back(probe_tcp(ip, *probe.tcp, limits.network_timeout));
  if (!probe.exec.empty()) {
    results.push_back(probe_exec(engine, container_id, probe.exec, limits));
  }

  std::vector<std::string> details;
  for (const ProbeResult& result : results) {
    if (!result.passed()) return result;
    details.push_back(result.detail);
  }
  return pass(fmt::format("{}", fmt::join(details, "; ")));
}

}  // namespace chora::health
