#include <catch2/catch.hpp>

#include <cstdlib>

#include "docker/endpoint.hpp"
#include "util/error.hpp"

using chora::Error;
using chora::ErrorKind;
using chora::docker::Endpoint;
using chora::docker::parse_docker_host;

namespace {

// The message of the kUsage error that parsing `value` throws.
std::string refusal_of(const std::string& value) {
  try {
    parse_docker_host(value);
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kUsage);
    return error.message();
  }
  FAIL("\"" << value << "\" was accepted");
  return {};
}

}  // namespace

TEST_CASE("an empty DOCKER_HOST means the default unix socket", "[docker]") {
  const Endpoint endpoint = parse_docker_host("");
  CHECK(endpoint.kind == Endpoint::Kind::kUnix);
  CHECK(endpoint.socket_path == "/var/run/docker.sock");
  CHECK(endpoint.to_string() == "unix:///var/run/docker.sock");
  CHECK(endpoint.host_header() == "docker");
}

TEST_CASE("unix:// names a socket path", "[docker]") {
  CHECK(parse_docker_host("unix:///run/user/1000/docker.sock").socket_path ==
        "/run/user/1000/docker.sock");
  CHECK(parse_docker_host("  unix:///tmp/d.sock\n").socket_path == "/tmp/d.sock");
  // The CLI reads a bare unix:// as the default socket.
  CHECK(parse_docker_host("unix://").socket_path == "/var/run/docker.sock");
}

TEST_CASE("tcp:// takes a host, a port that defaults to 2375 and a base path", "[docker]") {
  const Endpoint full = parse_docker_host("tcp://10.0.0.5:2376/engine");
  CHECK(full.kind == Endpoint::Kind::kTcp);
  CHECK(full.host == "10.0.0.5");
  CHECK(full.port == 2376);
  CHECK(full.base_path == "/engine");
  CHECK(full.to_string() == "tcp://10.0.0.5:2376/engine");
  CHECK(full.host_header() == "10.0.0.5:2376");

  const Endpoint bare = parse_docker_host("tcp://docker.example");
  CHECK(bare.host == "docker.example");
  CHECK(bare.port == 2375);
  CHECK(bare.base_path.empty());
  CHECK(parse_docker_host("tcp://127.0.0.1:2375/").base_path.empty());
}

TEST_CASE("tcp:// accepts a bracketed IPv6 address", "[docker]") {
  const Endpoint endpoint = parse_docker_host("tcp://[::1]:2380");
  CHECK(endpoint.host == "::1");
  CHECK(endpoint.port == 2380);
  CHECK(endpoint.host_header() == "[::1]:2380");
  CHECK(parse_docker_host("tcp://[fe80::1]").port == 2375);
}

TEST_CASE("a bare socket path is refused with the form to write instead", "[docker]") {
  CHECK(refusal_of("/var/run/docker.sock") ==
        "DOCKER_HOST \"/var/run/docker.sock\" is a bare path, not a socket address (write "
        "unix:///var/run/docker.sock for a unix socket): use unix:///path/to/docker.sock or "
        "tcp://host[:port][/base] (port 2375 by default)");
}

TEST_CASE("ssh, npipe and fd endpoints are refused naming the scheme", "[docker]") {
  CHECK(refusal_of("ssh://me@build-host") ==
        "DOCKER_HOST \"ssh://me@build-host\" uses the unsupported scheme ssh://: use "
        "unix:///path/to/docker.sock or tcp://host[:port][/base] (port 2375 by default)");
  CHECK_THAT(refusal_of("npipe:////./pipe/docker_engine"),
             Catch::Contains("unsupported scheme npipe://"));
  CHECK_THAT(refusal_of("fd://"), Catch::Contains("unsupported scheme fd://"));
  CHECK_THAT(refusal_of("localhost:2375"), Catch::Contains("not an address"));
}

TEST_CASE("a tcp endpoint without a host or with a bad port is refused", "[docker]") {
  CHECK_THAT(refusal_of("tcp://"), Catch::Contains("names no host"));
  CHECK_THAT(refusal_of("tcp://:2375"), Catch::Contains("names no host"));
  CHECK_THAT(refusal_of("tcp://host:0"), Catch::Contains("port that is not a number"));
  CHECK_THAT(refusal_of("tcp://host:65536"), Catch::Contains("port that is not a number"));
  CHECK_THAT(refusal_of("tcp://host:http"), Catch::Contains("port that is not a number"));
  CHECK_THAT(refusal_of("tcp://host:"), Catch::Contains("port that is not a number"));
  CHECK_THAT(refusal_of("tcp://[::1"), Catch::Contains("unclosed '['"));
}

TEST_CASE("the environment's DOCKER_HOST selects the endpoint when set", "[docker]") {
  const char* saved = std::getenv("DOCKER_HOST");
  const std::string previous = saved == nullptr ? "" : saved;

  setenv("DOCKER_HOST", "tcp://127.0.0.1:2999", 1);
  CHECK(chora::docker::endpoint_from_environment().to_string() == "tcp://127.0.0.1:2999");
  setenv("DOCKER_HOST", "", 1);
  CHECK(chora::docker::endpoint_from_environment().to_string() ==
        "unix:///var/run/docker.sock");
  unsetenv("DOCKER_HOST");
  CHECK(chora::docker::endpoint_from_environment().to_string() ==
        "unix:///var/run/docker.sock");

  if (saved != nullptr) {
    setenv("DOCKER_HOST", previous.c_str(), 1);
  }
}
