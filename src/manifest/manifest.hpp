#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
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

// Gate: an HTTP GET to the container must answer `expect_status`.
struct HttpCheck {
  std::uint16_t port = 0;
  std::string path = "/";
  int expect_status = 200;
};

// Gate: a TCP connection to the container's port must be accepted.
struct TcpCheck {
  std::uint16_t port = 0;
};

// How a service proves it is healthy after it starts. The container must always be
// running and not restarting, and the image's HEALTHCHECK (when it has one) must report
// healthy; `http` and `tcp` add probes. Everything must pass within `timeout`, and keep
// passing for `stable_for`.
struct HealthSpec {
  std::optional<HttpCheck> http;
  std::optional<TcpCheck> tcp;
  Duration timeout = std::chrono::seconds(60);         // Default: 60s.
  Duration interval = std::chrono::milliseconds(500);  // Between probes. Default: 500ms.
  // How long every check must keep passing. Default: 0 when a probe or a HEALTHCHECK
  // proves the service answers, else 1s, so a container that exits at once cannot pass
  // on a single look at its state.
  std::optional<Duration> stable_for;
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
  std::vector<Service> services;              // in file order

  // Where top-level fields were written: "release", "environment", "services", ...
  std::map<std::string, SourceLocation> locations;

  // The service named `name`, or nullptr.
  const Service* find(const std::string& name) const;
};

}  // namespace chora::manifest
