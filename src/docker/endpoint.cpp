#include "docker/endpoint.hpp"

#include <charconv>
#include <cstdlib>
#include <optional>
#include <utility>

#include "util/error.hpp"

namespace chora::docker {

namespace {

constexpr std::string_view kUnixScheme = "unix://";
constexpr std::string_view kTcpScheme = "tcp://";
constexpr std::string_view kDefaultSocket = "/var/run/docker.sock";
constexpr std::uint16_t kDefaultTcpPort = 2375;
constexpr std::string_view kAcceptedForms =
    "use unix:///path/to/docker.sock or tcp://host[:port][/base] (port 2375 by default)";

Error refused(std::string_view value, std::string_view why) {
  std::string message = "DOCKER_HOST \"" + std::string(value) + "\" ";
  message += why;
  message += ": ";
  message += kAcceptedForms;
  return Error(ErrorKind::kUsage, std::move(message));
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::uint16_t parse_port(std::string_view value, std::string_view digits) {
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || port == 0 ||
      port > 65535) {
    throw refused(value, "has a port that is not a number from 1 to 65535");
  }
  return static_cast<std::uint16_t>(port);
}

// "host[:port]" or "[v6 address][:port]", split; the port is absent when not written.
struct Authority {
  std::string_view host;
  std::optional<std::string_view> port;
};

Authority split_authority(std::string_view value, std::string_view authority) {
  if (!authority.starts_with('[')) {
    const auto colon = authority.rfind(':');
    if (colon == std::string_view::npos) {
      return {authority, std::nullopt};
    }
    return {authority.substr(0, colon), authority.substr(colon + 1)};
  }

  const auto close = authority.find(']');
  if (close == std::string_view::npos) {
    throw refused(value, "has an unclosed '[' in its host");
  }
  const std::string_view host = authority.substr(1, close - 1);
  const std::string_view rest = authority.substr(close + 1);
  if (rest.empty()) {
    return {host, std::nullopt};
  }
  if (!rest.starts_with(':')) {
    throw refused(value, "has text after the ']' of its host");
  }
  return {host, rest.substr(1)};
}

Endpoint parse_tcp(std::string_view value, std::string_view rest) {
  const auto slash = rest.find('/');
  const Authority authority = split_authority(value, rest.substr(0, slash));
  if (authority.host.empty()) {
    throw refused(value, "names no host");
  }
  const std::uint16_t port =
      authority.port ? parse_port(value, *authority.port) : kDefaultTcpPort;
  Endpoint endpoint = Endpoint::tcp(std::string(authority.host), port);

  // The docker CLI keeps a path after the authority as a prefix of every request.
  if (slash != std::string_view::npos) {
    std::string_view base = rest.substr(slash);
    while (base.ends_with('/')) {
      base.remove_suffix(1);
    }
    endpoint.base_path = std::string(base);
  }
  return endpoint;
}

}  // namespace

Endpoint Endpoint::unix_socket(std::string path) {
  Endpoint endpoint;
  endpoint.kind = Kind::kUnix;
  endpoint.socket_path = std::move(path);
  return endpoint;
}

Endpoint Endpoint::tcp(std::string host, std::uint16_t port) {
  Endpoint endpoint;
  endpoint.kind = Kind::kTcp;
  endpoint.host = std::move(host);
  endpoint.port = port;
  return endpoint;
}

std::string Endpoint::to_string() const {
  if (kind == Kind::kUnix) {
    return std::string(kUnixScheme) + socket_path;
  }
  return std::string(kTcpScheme) + host_header() + base_path;
}

std::string Endpoint::host_header() const {
  if (kind == Kind::kUnix) {
    // The engine needs some Host header but ignores its value on a socket.
    return "docker";
  }
  const bool is_ipv6 = host.find(':') != std::string::npos;
  const std::string shown = is_ipv6 ? "[" + host + "]" : host;
  return shown + ":" + std::to_string(port);
}

Endpoint parse_docker_host(std::string_view value) {
  const std::string_view text = trim(value);
  if (text.empty()) {
    return Endpoint::unix_socket(std::string(kDefaultSocket));
  }

  if (text.starts_with(kUnixScheme)) {
    const std::string_view path = text.substr(kUnixScheme.size());
    return Endpoint::unix_socket(std::string(path.empty() ? kDefaultSocket : path));
  }
  if (text.starts_with(kTcpScheme)) {
    return parse_tcp(text, text.substr(kTcpScheme.size()));
  }

  // The CLI reads a bare path as tcp://localhost:2375/<path>, which is never what was meant.
  if (text.starts_with('/')) {
    throw refused(text, "is a bare path, not a socket address (write unix://" +
                            std::string(text) + " for a unix socket)");
  }
  const auto scheme_end = text.find("://");
  if (scheme_end != std::string_view::npos) {
    throw refused(text, "uses the unsupported scheme " +
                            std::string(text.substr(0, scheme_end)) + "://");
  }
  throw refused(text, "is not an address chora-deploy understands");
}

Endpoint endpoint_from_environment() {
  const char* value = std::getenv("DOCKER_HOST");
  return parse_docker_host(value == nullptr ? std::string_view() : std::string_view(value));
}

}  // namespace chora::docker
