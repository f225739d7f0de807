#pragma once

#include <chrono>
#include <string>

#include "docker/engine.hpp"
#include "health/service_output.hpp"
#include "manifest/manifest.hpp"

namespace chora::health {

// The answer of one check at one moment.
struct ProbeResult {
  enum class Verdict {
    kPass,     // the check holds
    kPending,  // not yet; may still pass before the deadline
    kFatal,    // can no longer pass (the container exited, HEALTHCHECK said unhealthy)
  };

  Verdict verdict = Verdict::kPending;
  std::string detail;  // what was seen, for a person: "answered 404, expected 200"

  bool passed() const { return verdict == Verdict::kPass; }
};

// Level 1: the container is running and not restarting. An exited or dead container is
// fatal, with its exit code and whether it was OOM-killed. (A running container that lost
// a process to the OOM killer is failed by its gate: see Look::oom_killed.)
ProbeResult check_running(const docker::ContainerDetails& container);

// Level 2: the image's Docker HEALTHCHECK reports healthy. Passes, with an empty
// detail, when there is none. A failure quotes the last probe's output per `quoting`.
ProbeResult check_docker_health(const docker::ContainerDetails& container, OutputQuoting quoting);

// HTTP GET http://<ip>:<port><path> answers the expected status within `timeout`, with
// a body containing the check's `body` when one is set.
ProbeResult probe_http(const std::string& ip, const manifest::HttpCheck& check,
                       std::chrono::milliseconds timeout);

// A TCP connection to <ip>:<port> is accepted within `timeout`.
ProbeResult probe_tcp(const std::string& ip, const manifest::TcpCheck& check,
                      std::chrono::milliseconds timeout);

// How long one probe may take, and whether its failure may quote the service's output.
// HTTP and TCP checks are kept short, so a hung socket cannot eat a gate's deadline. A
// command may need longer (Docker cannot stop one that overran): a repeated liveness or
// readiness command gets a few seconds, smoke's real request what is left of the deadline.
struct ProbeLimits {
  std::chrono::milliseconds network_timeout;
  std::chrono::milliseconds exec_timeout;
  OutputQuoting quoting = OutputQuoting::kQuote;
  // Stops waiting on an exec once cancelled; the command may run on in the container.
  const CancelToken* cancel = nullptr;
};

// `command` run inside the container (Docker exec) exits 0 within the limits' exec
// timeout. A failure quotes the end of its output, the service's own words, per their
// quoting.
ProbeResult probe_exec(docker::Engine& engine, const std::string& container_id,
                       const std::vector<std::string>& command, const ProbeLimits& limits);

// Every check of `probe` (HTTP, TCP, exec) against one container; passes when all do.
// `ip` is the container's address on the release network.
ProbeResult run_probe(docker::Engine& engine, const manifest::Probe& probe,
                      const std::string& container_id, const std::string& ip,
                      const ProbeLimits& limits);

}  // namespace chora::health
