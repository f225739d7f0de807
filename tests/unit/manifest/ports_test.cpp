#include "manifest/ports.hpp"

#include <catch2/catch.hpp>

using namespace chora::manifest;

namespace {

PortMapping parse_ok(std::string_view text) {
  PortError error;
  std::optional<PortMapping> mapping = parse_port_mapping(text, &error);
  INFO(error.message);
  REQUIRE(mapping);
  return *mapping;
}

PortError parse_error(std::string_view text) {
  PortError error;
  CHECK_FALSE(parse_port_mapping(text, &error));
  return error;
}

}  // namespace

TEST_CASE("a port mapping reads host and container port, tcp by default", "[manifest]") {
  PortMapping mapping = parse_ok("8080:80");
  CHECK(mapping.host_ip.empty());
  CHECK(mapping.host_port == 8080);
  CHECK(mapping.container_port == 80);
  CHECK(mapping.protocol == "tcp");
  CHECK(mapping.to_string() == "8080:80/tcp");
}

TEST_CASE("a port mapping may name a host IP and a protocol", "[manifest]") {
  PortMapping mapping = parse_ok("127.0.0.1:5353:53/udp");
  CHECK(mapping.host_ip == "127.0.0.1");
  CHECK(mapping.protocol == "udp");
  CHECK(mapping.to_string() == "127.0.0.1:5353:53/udp");
  CHECK(parse_ok("65535:1/tcp").host_port == 65535);
}

TEST_CASE("a bare container port is refused with the reason", "[manifest]") {
  PortError error = parse_error("80");
  CHECK(error.message == "port '80' has no host port");
  CHECK(error.hint ==
        "chora-deploy publishes a container port on a fixed host port: write 'HOST:80', e.g. "
        "'8080:80'; services of the release reach each other without publishing");
}

TEST_CASE("ports outside 1..65535 are refused", "[manifest]") {
  CHECK(parse_error("0:80").message == "host port 0 in '0:80' is not a port number");
  CHECK(parse_error("80:65536").message ==
        "container port 65536 in '80:65536' is not a port number");
  CHECK(parse_error("080:80").message == "host port 080 in '080:80' is not a port number");
}

TEST_CASE("malformed port mappings are refused", "[manifest]") {
  for (const char* text : {"", ":80", "80:", "a:80", "1:2:3:4", "[::1]:80:80", "80:80 "}) {
    INFO(text);
    PortError error = parse_error(text);
    CHECK(error.message == "invalid port mapping '" + std::string(text) + "'");
  }
  CHECK(parse_error("80:80/sctp").message == "unknown protocol 'sctp' in port '80:80/sctp'");
  CHECK(parse_error("80:80/TCP").message == "unknown protocol 'TCP' in port '80:80/TCP'");
}

TEST_CASE("only IPv4 host addresses are accepted", "[manifest]") {
  CHECK(parse_error("localhost:80:80").message ==
        "invalid host IP 'localhost' in port 'localhost:80:80'");
  CHECK(parse_error("256.0.0.1:80:80").message ==
        "invalid host IP '256.0.0.1' in port '256.0.0.1:80:80'");
  CHECK(parse_error(":80:80").message == "invalid host IP '' in port ':80:80'");
}

TEST_CASE("host ports overlap on the same port and protocol unless IPs differ", "[manifest]") {
  auto port = [](std::string_view text) { return parse_ok(text); };
  CHECK(host_ports_overlap(port("8080:80"), port("8080:81")));
  CHECK(host_ports_overlap(port("8080:80"), port("127.0.0.1:8080:80")));
  CHECK(host_ports_overlap(port("0.0.0.0:8080:80"), port("127.0.0.1:8080:80")));
  CHECK(host_ports_overlap(port("127.0.0.1:8080:80"), port("127.0.0.1:8080:81")));
  CHECK_FALSE(host_ports_overlap(port("127.0.0.1:8080:80"), port("127.0.0.2:8080:80")));
  CHECK_FALSE(host_ports_overlap(port("8080:80/tcp"), port("8080:80/udp")));
  CHECK_FALSE(host_ports_overlap(port("8080:80"), port("8081:80")));
}
