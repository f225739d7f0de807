#include <catch2/catch.hpp>

#include "docker/docker_client.hpp"
#include "docker/errors.hpp"
#include "integration/docker/test_objects.hpp"

using namespace chora;
using namespace chora::docker;

namespace {

DockerClient local_client() { return DockerClient(Endpoint::unix_socket("/var/run/docker.sock")); }

const std::vector<std::string> kHttpd = {"/bin/httpd", "-f", "-p", "80", "-h", "/"};

}  // namespace

TEST_CASE("create puts env, labels, a published port, network and aliases on a container",
          "[docker]") {
  DockerClient client = local_client();
  const std::string network = test::unique_name("net");
  test::NetworkGuard network_guard(client, network);
  client.create_network(network, test::test_labels());

  const std::string name = test::unique_name("web");
  test::ContainerGuard guard(client, name);
  ContainerSpec spec = test::test_container(
      name, {"/bin/sh", "-c", "echo \"greeting=$GREETING\"; exec httpd -f -p 80 -h /"});
  spec.env = {"GREETING=hello world"};
  spec.labels = test::test_labels({{"io.chora-deploy.service", "web"}});
  const std::uint16_t port = test::free_local_port();
  spec.ports = {{"127.0.0.1", port, 80, "tcp"}};
  spec.network = network;
  spec.aliases = {"web", "web.internal"};

  const std::string id = client.create_container(spec);
  client.start_container(id);

  const auto details = client.inspect_container(name);
  REQUIRE(details.has_value());
  CHECK(details->id == id);
  CHECK(details->name == name);
  CHECK(details->image == test::kTestImage);
  CHECK_THAT(details->image_id, Catch::StartsWith("sha256:"));
  CHECK(details->labels.at("io.chora-deploy.service") == "web");
  CHECK(details->labels.at(test::kTestLabel) == "true");
  CHECK(details->state.status == "running");
  CHECK(details->state.running);
  CHECK_FALSE(details->has_healthcheck);
  CHECK_FALSE(details->state.health.has_value());
  REQUIRE(details->networks.count(network) == 1);
  CHECK_FALSE(details->networks.at(network).ip_address.empty());
  CHECK_THAT(details->networks.at(network).aliases,
             Catch::VectorContains(std::string("web")) &&
                 Catch::VectorContains(std::string("web.internal")));

  // Without ExposedPorts the engine would have dropped the binding silently.
  const auto listed = client.list_containers({{"io.chora-deploy.service", "web"}}, false);
  const auto row = std::find_if(listed.begin(), listed.end(),
                                [&](const ContainerSummary& summary) { return summary.id == id; });
  REQUIRE(row != listed.end());
  REQUIRE(row->ports.size() == 1);
  CHECK(row->ports[0].host_ip == "127.0.0.1");
  CHECK(row->ports[0].host_port == port);
  CHECK(row->ports[0].container_port == 80);

  CHECK(test::eventually(
      [&] { return client.container_logs(id, 10) == "greeting=hello world\n"; }));
}

TEST_CASE("start and stop twice succeed, and so does removing a removed container",
          "[docker]") {
  DockerClient client = local_client();
  const std::string name = test::unique_name("life");
  test::ContainerGuard guard(client, name);

  const std::string id = client.create_container(test::test_container(name));
  CHECK(client.inspect_container(id)->state.status == "created");

  client.start_container(id);
  client.start_container(id);  // 304: already running
  CHECK(client.inspect_container(id)->state.running);

  client.stop_container(id, std::chrono::seconds(1));
  client.stop_container(id, std::chrono::seconds(1));  // 304: already stopped
  const auto stopped = client.inspect_container(id);
  CHECK(stopped->state.status == "exited");
  CHECK_FALSE(stopped->state.running);
  CHECK(stopped->state.finished_at != "0001-01-01T00:00:00Z");

  client.remove_container(id, false);
  CHECK_FALSE(client.inspect_container(id).has_value());
  client.remove_container(id, false);  // 404: already gone
  client.remove_container(id, true);
}

TEST_CASE("remove with force takes a running container away", "[docker]") {
  DockerClient client = local_client();
  const std::string name = test::unique_name("forced");
  test::ContainerGuard guard(client, name);
  client.start_container(client.create_container(test::test_container(name)));

  CHECK_THROWS_AS(client.remove_container(name, false), EngineError);
  client.remove_container(name, true);
  CHECK_FALSE(client.inspect_container(name).has_value());
}

TEST_CASE("create with a missing image is a 404 carrying the daemon's message", "[docker]") {
  DockerClient client = local_client();
  const std::string name = test::unique_name("noimage");
  test::ContainerGuard guard(client, name);
  ContainerSpec spec = test::test_container(name);
  spec.image = "chora-test/does-not-exist:0";

  try {
    client.create_container(spec);
    FAIL("a container of a missing image was created");
  } catch (const EngineError& error) {
    CHECK(error.is_not_found());
    CHECK(error.call() == "POST /v1.41/containers/create?name=" + name);
    CHECK(error.daemon_message() == "No such image: chora-test/does-not-exist:0");
    CHECK(std::string(error.what()) == "POST /v1.41/containers/create?name=" + name +
                                           ": 404 Not Found: No such image: "
                                           "chora-test/does-not-exist:0");
  }
}

TEST_CASE("a second container with a taken name is a 409 conflict", "[docker]") {
  DockerClient client = local_client();
  const std::string name = test::unique_name("twice");
  test::ContainerGuard guard(client, name);
  client.create_container(test::test_container(name));

  try {
    client.create_container(test::test_container(name));
    FAIL("two containers named " << name << " were created");
  } catch (const EngineError& error) {
    CHECK(error.is_conflict());
    CHECK_THAT(error.daemon_message(), Catch::Contains("is already in use"));
  }
}

TEST_CASE("start on a missing network is a 404 about the network", "[docker]") {
  DockerClient client = local_client();
  const std::string name = test::unique_name("nonet");
  test::ContainerGuard guard(client, name);
  ContainerSpec spec = test::test_container(name);
  spec.network = test::unique_name("missing-net");

  // The engine accepts the create and only fails at start.
  const std::string id = client.create_container(spec);
  try {
    client.start_container(id);
    FAIL("a container started on a missing network");
  } catch (const EngineError& error) {
    CHECK(error.is_not_found());
    CHECK_THAT(error.daemon_message(), Catch::Contains(spec.network));
  }
}

TEST_CASE("stop may take longer than the client's call timeout", "[docker]") {
  // PID 1 ignores SIGTERM, so the engine waits the full grace period before SIGKILL.
  DockerClient client(Endpoint::unix_socket("/var/run/docker.sock"),
                      std::chrono::milliseconds(1500));
  const std::string name = test::unique_name("slowstop");
  test::ContainerGuard guard(client, name);
  client.start_container(client.create_container(test::test_container(name)));

  const auto began = std::chrono::steady_clock::now();
  client.stop_container(name, std::chrono::seconds(2));
  CHECK(std::chrono::steady_clock::now() - began >= std::chrono::seconds(2));
  CHECK(client.inspect_container(name)->state.exit_code == 137);
}
