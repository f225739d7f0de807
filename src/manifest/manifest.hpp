#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/diagnostic.hpp"

namespace chora::manifest {

using Duration = std::chrono::milliseconds;

// A published port, as written "[host_ip:]host_port:container_port[/protocol]".
struct PortMapping {
  std::string host_ip;  // empty means all interfaces
  std::uint16_t host_port = 0;
  std::uint16_t container_port = 0;
  std::string protocol = "tcp";  // "tcp" or "udp"

  // Canonical text, "127.0.0.1:8081:80/tcp"; used for hashing and display.
  std::string to_string() const;
};

// Probe: an HTTP GET to the container must answer `expect_status`, and, when `body` is
// set, a body containing it.
struct HttpCheck {
  std::uint16_t port = 0;
  std::string path = "/";
  int expect_status = 200;
  std::string body;  // substring the answer must contain; empty: any body
};

// Probe: a TCP connection to the container's port must be accepted.
struct TcpCheck {
  std::uint16_t port = 0;
};

// One check of a health level: any of an HTTP GET, a TCP connect and a command run
// inside the container (Docker exec, which must exit 0). Several given: all must pass.
struct Probe {
  std::optional<HttpCheck> http;
  std::optional<TcpCheck> tcp;
  std::vector<std::string> exec;  // argv; empty: no command

  bool empty() const { return !http && !tcp && exec.empty(); }
};

// The five levels of health, in the order they are checked. A level that fails stops
// the higher ones from being looked at.
enum class HealthLevel {
  kRunning = 1,      // running, not restarting (and, at a gate, no process OOM-killed)
  kHealthcheck = 2,  // Docker's own HEALTHCHECK (the image's or the manifest's) healthy
  kLiveness = 3,     // the service answers: HTTP or TCP (or exec)
  kReadiness = 4,    // its own readiness check, and every dependency still passes its gates
  kSmoke = 5,        // a real request or command succeeds
};

// "running", "healthcheck", "liveness", "readiness", "smoke".
std::string_view level_name(HealthLevel level);

// Docker's HEALTHCHECK set on the container by the manifest (level 2), replacing the
// image's. Unset durations and retries keep Docker's defaults (30s, 30s, 0s, 3).
struct Healthcheck {
  std::vector<std::string> test;  // ["CMD", argv...], ["CMD-SHELL", "line"] or ["NONE"]
  std::optional<Duration> interval;
  std::optional<Duration> timeout;
  std::optional<Duration> start_period;
  std::optional<int> retries;
};

// How a service proves it is healthy after it starts: the levels above, each a gate.
// Everything must pass within `timeout`, and keep passing for `stable_for`.
struct HealthSpec {
  Probe liveness;   // level 3; `health.http` and `health.tcp` are written for it
  Probe readiness;  // level 4, the service's own part of it
  Probe smoke;      // level 5, run once every lower level passes
  // The levels that gate the service. Default (nothing written): running, plus every
  // level that has a check: healthcheck when the container has one, liveness, readiness
  // (always, for the dependencies), smoke. Running is always required.
  std::vector<HealthLevel> require;
  Duration timeout = std::chrono::seconds(60);         // Default: 60s.
  Duration interval = std::chrono::milliseconds(500);  // Between probes. Default: 500ms.
  // How long every check must keep passing. Default: 0 when a probe or a HEALTHCHECK
  // proves the service answers, else 1s, so a container that exits at once cannot pass
  // on a single look at its state.
  std::optional<Duration> stable_for;
};

// How an update replaces a service's containers.
enum class UpdateOrder {
  kAuto,        // start-first, unless a fixed host port forces stop-first (the default)
  kStartFirst,  // new containers pass before old ones stop
  kStopFirst,   // old containers stop before new ones start
};

struct UpdateSpec {
  int parallelism = 1;  // replicas replaced per batch. Default: 1.
  UpdateOrder order = UpdateOrder::kAuto;
};

// A host file put read-only into the container: a secret or a configuration file.
struct FileMount {
  std::string source;  // absolute path on the machine chora-deploy runs on
  std::string target;  // absolute path in the container
};

// A secret of the release: a host file whose content never passes through chora-deploy.
// A service that lists it sees it read-only at /run/secrets/<name>.
struct Secret {
  std::string name;
  std::string file;  // absolute path (written relative to the manifest's directory)
};

// One service of a release set.
struct Service {
  std::string name;                        // also the DNS alias on the release network
  std::string image;                       // repository, e.g. "chora/indexer"
  std::string version;                     // image tag, e.g. "2.1.0"
  std::map<std::string, std::string> env;  // sorted by name
  std::vector<PortMapping> ports;
  std::vector<std::string> command;     // empty: the image's default command
  std::vector<std::string> depends_on;  // names of services of the same manifest
  HealthSpec health;
  Duration stop_timeout = std::chrono::seconds(10);  // SIGTERM to SIGKILL. Default: 10s.
  int replicas = 1;                                  // containers of the service. Default: 1.
  UpdateSpec update;
  // A one-shot task (a migration, a warm-up): it runs to completion, passes when it
  // exits 0 within health.timeout, and only then do its dependents start.
  bool task = false;
  std::optional<Healthcheck> healthcheck;  // level 2 set here instead of the image's
  std::vector<std::string> secrets;        // names of the manifest's secrets
  std::vector<FileMount> files;            // read-only files from the host

  // Where each field was written, keyed by field path relative to the service:
  // "" (the service's key), "image", "version", "depends_on[0]", "ports[1]", ...
  std::map<std::string, SourceLocation> locations;

  // "chora/indexer:2.1.0".
  std::string image_ref() const { return image + ":" + version; }

  // Location of `field`, falling back to the service's own key when not recorded.
  SourceLocation location_of(const std::string& field) const;
};

// A release manifest: a named set of services rolled onto one environment as a unit.
struct Manifest {
  std::string path;         // as given on the command line
  std::string source;       // the whole file text, for error rendering
  std::string release;      // e.g. "ecosystem-2026.12"
  std::string environment;  // e.g. "staging"; the scope that owns containers
  std::string network;      // user-defined network. Default: "chora-<environment>"
  std::string trace_id;     // optional; copied into every event
  std::map<std::string, std::string> labels;  // extra labels on every container and network
  std::map<std::string, Secret> secrets;      // by name
  // At most this many services roll at once; 0: no limit. Default: 0.
  int max_parallel = 0;
  // When true, a wave starts only once the whole previous wave has passed, rather than
  // each service as soon as its own dependencies have. Default: false.
  bool strict_waves = false;
  std::vector<Service> services;  // in file order

  // Where top-level fields were written: "release", "environment", "services", ...
  std::map<std::string, SourceLocation> locations;

  // The service named `name`, or nullptr.
  const Service* find(const std::string& name) const;
};

}  // namespace chora::manifest
