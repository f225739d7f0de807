#include <catch2/catch.hpp>

#include "docker/docker_client.hpp"
#include "docker/errors.hpp"
#include "integration/docker/test_objects.hpp"

using namespace chora;
using namespace chora::docker;

TEST_CASE("a network is created, inspected, refused twice and removed", "[docker]") {
  DockerClient client(Endpoint::unix_socket("/var/run/docker.sock"));
  const std::string name = test::unique_name("net");
  test::NetworkGuard guard(client, name);

  const std::string id = client.create_network(name, test::test_labels({{"purpose", "net"}}));
  CHECK_FALSE(id.empty());

  const auto network = client.inspect_network(name);
  REQUIRE(network.has_value());
  CHECK(network->id == id);
  CHECK(network->name == name);
  CHECK(network->driver == "bridge");
  CHECK(network->labels == test::test_labels({{"purpose", "net"}}));

  // CheckDuplicate makes the second create fail instead of making an ambiguous twin.
  try {
    client.create_network(name, test::test_labels());
    FAIL("a second network named " << name << " was created");
  } catch (const EngineError& error) {
    CHECK(error.is_conflict());
    CHECK(error.call() == "POST /v1.41/networks/create");
    CHECK_THAT(error.daemon_message(), Catch::Contains("already exists"));
  }

  client.remove_network(name);
  CHECK_FALSE(client.inspect_network(name).has_value());
  // Already gone counts as removed.
  client.remove_network(name);
}
