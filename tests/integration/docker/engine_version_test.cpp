#include <catch2/catch.hpp>

#include <thread>
#include <vector>

#include "docker/docker_client.hpp"
#include "docker/errors.hpp"
#include "integration/docker/test_objects.hpp"

using namespace chora;
using namespace chora::docker;

namespace {

Endpoint local_engine() { return Endpoint::unix_socket("/var/run/docker.sock"); }

}  // namespace

TEST_CASE("the client negotiates API 1.41 with this machine's engine", "[docker]") {
  DockerClient client(local_engine());
  const EngineVersion version = client.version();
  CHECK(version.negotiated == "1.41");
  CHECK(version.api_version == "1.41");
  CHECK_FALSE(version.version.empty());
  CHECK_FALSE(version.min_api_version.empty());
  CHECK(version.os == "linux");
}

TEST_CASE("calls from many threads at once share one negotiation", "[docker]") {
  DockerClient client(local_engine());
  std::vector<std::string> negotiated(8);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < negotiated.size(); ++i) {
    threads.emplace_back([&, i] {
      try {
        client.inspect_image(test::kTestImage);
        negotiated[i] = client.version().negotiated;
      } catch (const std::exception& error) {
        negotiated[i] = error.what();
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  for (const std::string& version : negotiated) {
    CHECK(version == "1.41");
  }
}

TEST_CASE("a present image is inspected and an absent one is nothing", "[docker]") {
  DockerClient client(local_engine());
  const auto image = client.inspect_image(test::kTestImage);
  REQUIRE(image.has_value());
  CHECK_THAT(image->id, Catch::StartsWith("sha256:"));
  CHECK_THAT(image->repo_tags, Catch::VectorContains(std::string(test::kTestImage)));
  CHECK_FALSE(image->has_healthcheck);

  CHECK_FALSE(client.inspect_image("chora-test/does-not-exist:0").has_value());
}

TEST_CASE("a socket path with no engine behind it is reported as unreachable", "[docker]") {
  const std::string path = "/tmp/" + test::unique_name("no-engine") + ".sock";
  DockerClient client(Endpoint::unix_socket(path));
  try {
    client.version();
    FAIL("an engine answered at " << path);
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kEngineUnreachable);
    CHECK(error.message() == "no Docker engine answers at unix://" + path +
                                 ": connect: No such file or directory (is dockerd running? "
                                 "DOCKER_HOST selects another engine)");
  }
}

TEST_CASE("a closed TCP port is reported as unreachable", "[docker]") {
  const std::uint16_t port = test::free_local_port();
  DockerClient client(Endpoint::tcp("127.0.0.1", port));
  try {
    client.inspect_container("anything");
    FAIL("an engine answered on port " << port);
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kEngineUnreachable);
    CHECK(error.message() == "no Docker engine answers at tcp://127.0.0.1:" +
                                 std::to_string(port) +
                                 ": connect: Connection refused (is dockerd running? "
                                 "DOCKER_HOST selects another engine)");
  }
}
