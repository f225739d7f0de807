#include <catch2/catch.hpp>

#include "docker/docker_client.hpp"
#include "docker/http_transport.hpp"
#include "integration/docker/test_objects.hpp"

using namespace chora;
using namespace chora::docker;

TEST_CASE("tcp_connects sees an httpd on its container's address and not a closed port",
          "[docker]") {
  DockerClient client(Endpoint::unix_socket("/var/run/docker.sock"));
  const std::string network = test::unique_name("net");
  test::NetworkGuard network_guard(client, network);
  client.create_network(network, test::test_labels());

  const std::string name = test::unique_name("httpd");
  test::ContainerGuard guard(client, name);
  ContainerSpec spec = test::test_container(name, {"/bin/httpd", "-f", "-p", "80", "-h", "/"});
  spec.network = network;
  client.start_container(client.create_container(spec));

  const std::string ip = client.inspect_container(name)->networks.at(network).ip_address;
  REQUIRE_FALSE(ip.empty());
  const auto timeout = std::chrono::milliseconds(500);
  CHECK(test::eventually([&] { return tcp_connects(Endpoint::tcp(ip, 80), timeout); }));
  CHECK_FALSE(tcp_connects(Endpoint::tcp(ip, 81), timeout));
}

TEST_CASE("tcp_connects is false on a closed local port and a missing socket", "[docker]") {
  const auto timeout = std::chrono::milliseconds(500);
  CHECK_FALSE(tcp_connects(Endpoint::tcp("127.0.0.1", test::free_local_port()), timeout));
  CHECK_FALSE(tcp_connects(Endpoint::unix_socket("/tmp/chora-test-none.sock"), timeout));
  CHECK(tcp_connects(Endpoint::unix_socket("/var/run/docker.sock"), timeout));
}

TEST_CASE("send_request names the endpoint and the step that failed", "[docker]") {
  const Endpoint missing = Endpoint::unix_socket("/tmp/chora-test-none.sock");
  try {
    send_request(missing, HttpRequest{"GET", "/_ping", "", ""}, std::chrono::seconds(1));
    FAIL("a missing socket answered");
  } catch (const TransportError& error) {
    CHECK(error.kind() == ErrorKind::kEngineUnreachable);
    CHECK(error.step() == "connect");
    CHECK(error.cause() == "No such file or directory");
    CHECK(error.message() ==
          "connecting to unix:///tmp/chora-test-none.sock: No such file or directory");
  }
}
