#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace chora::docker {

// Where an HTTP server listens: a unix socket or a plain TCP host and port.
struct Endpoint {
  enum class Kind { kUnix, kTcp };

  Kind kind = Kind::kUnix;
  std::string socket_path;  // kUnix
  std::string host;         // kTcp
  std::uint16_t port = 0;   // kTcp
  std::string base_path;    // prefix for every request path ("" or "/base"), kTcp only

  static Endpoint unix_socket(std::string path);
  static Endpoint tcp(std::string host, std::uint16_t port);

  // "unix:///var/run/docker.sock" or "tcp://127.0.0.1:2375".
  std::string to_string() const;

  // Value for the Host header: "docker" on a unix socket, "host:port" over TCP.
  std::string host_header() const;
};

// Parses a DOCKER_HOST value as the docker CLI does: "unix:///path", "tcp://host[:port][/base]"
// (port defaults to 2375). Anything else (ssh://, npipe://, a bare path) is refused with an
// Error of kind kUsage naming the value and the accepted forms.
Endpoint parse_docker_host(std::string_view value);

// DOCKER_HOST when set and not empty, else unix:///var/run/docker.sock.
Endpoint endpoint_from_environment();

}  // namespace chora::docker
