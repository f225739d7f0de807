// A container's own HEALTHCHECK and its bind mounts, as the spec sets them, against the real
// engine.

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "docker/docker_client.hpp"
#include "docker/errors.hpp"
#include "docker/http_transport.hpp"
#include "integration/docker/test_objects.hpp"

using namespace chora;
using namespace chora::docker;
using nlohmann::json;

namespace {

DockerClient local_client() {
  return DockerClient(endpoint_from_environment());
}

// GET /containers/{name}/json as the engine sends it, for fields ContainerDetails leaves out.
json raw_inspect(DockerClient& client, const std::string& name) {
  const std::string prefix = "/v" + client.version().negotiated;
  const HttpResponse response =
      send_request(client.endpoint(), {"GET", prefix + "/containers/" + name + "/json", "", ""},
                   std::chrono::seconds(10));
  REQUIRE(response.status == 200);
  return json::parse(response.body);
}

// A directory of the host's /tmp, removed when the test ends however it ends. The engine
// runs on this host, so it sees the same files.
class HostDirectory {
 public:
  HostDirectory() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("chora-test-mount-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    std::filesystem::create_directories(path_);
  }
  HostDirectory(const HostDirectory&) = delete;
  HostDirectory& operator=(const HostDirectory&) = delete;
  ~HostDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  std::string write(const std::string& name, const std::string& content) const {
    const std::filesystem::path file = path_ / name;
    std::ofstream(file) << content;
    return file.string();
  }
  std::string path(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace

TEST_CASE("a healthcheck set by the spec is the container's and turns it healthy quickly",
          "[docker]") {
  DockerClient client = local_client();
  const std::string name = test::unique_name("health");
  test::ContainerGuard guard(client, name);
  ContainerSpec spec = test::test_container(name);
  spec.healthcheck = HealthcheckConfig{.test = {"CMD-SHELL", "test -x /bin/sh"},
                                       .interval = std::chrono::milliseconds(200),
                                       .timeout = std::chrono::seconds(2),
                                       .start_period = std::chrono::seconds(5),
                                       .retries = 2};

  client.start_container(client.create_container(spec));
  const auto started = std::chrono::steady_clock::now();
  CHECK(test::eventually([&] { return client.inspect_container(name)->state.health == "healthy"; },
                         std::chrono::seconds(5)));

  // The first probe runs one interval after start, so 200ms, not Docker's default 30s.
  const auto took = std::chrono::steady_clock::now() - started;
  INFO("healthy after " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                        << "ms");
  CHECK(took < std::chrono::seconds(10));
  CHECK(client.inspect_container(name)->has_healthcheck);
  CHECK(raw_inspect(client, name)["Config"]["Healthcheck"] == json::parse(R"({
    "Test": ["CMD-SHELL", "test -x /bin/sh"],
    "Interval": 200000000, "Timeout": 2000000000, "StartPeriod": 5000000000, "Retries": 2})"));
}

TEST_CASE("a bound host file is readable in the container and cannot be written", "[docker]") {
  DockerClient client = local_client();
  const HostDirectory host;
  const std::string secret = host.write("db_password", "s3cret\n");
  const std::string name = test::unique_name("mounts");
  test::ContainerGuard guard(client, name);
  ContainerSpec spec = test::test_container(name);
  spec.mounts = {{.source = secret, .target = "/run/secrets/db_password"}};

  client.start_container(client.create_container(spec));
  const ExecResult read =
      client.exec(name, {"cat", "/run/secrets/db_password"}, std::chrono::seconds(10), nullptr);
  CHECK(read.exit_code == 0);
  CHECK(read.output == "s3cret\n");

  const ExecResult write =
      client.exec(name, {"sh", "-c", "echo changed > /run/secrets/db_password"},
                  std::chrono::seconds(10), nullptr);
  CHECK(write.exit_code != 0);
  CHECK_THAT(write.output, Catch::Contains("Read-only file system"));
  std::ifstream file(secret);
  CHECK(std::string(std::istreambuf_iterator<char>(file), {}) == "s3cret\n");

  const json mounts = raw_inspect(client, name)["Mounts"];
  REQUIRE(mounts.size() == 1);
  CHECK(mounts[0]["Type"] == "bind");
  CHECK(mounts[0]["Source"] == secret);
  CHECK(mounts[0]["RW"] == false);
}

TEST_CASE("a bind of a missing host path fails the create with a 400", "[docker]") {
  DockerClient client = local_client();
  const HostDirectory host;
  const std::string missing = host.path("not-there");
  const std::string name = test::unique_name("nosource");
  test::ContainerGuard guard(client, name);
  ContainerSpec spec = test::test_container(name);
  spec.mounts = {{.source = missing, .target = "/run/secrets/x"}};

  try {
    client.create_container(spec);
    FAIL("a container with a missing bind source was created");
  } catch (const EngineError& error) {
    CHECK(error.status() == 400);
    CHECK_THAT(error.call(), Catch::Contains("/containers/create?name=" + name));
    CHECK(error.daemon_message() ==
          "invalid mount config for type \"bind\": bind source path does not exist: " + missing);
  }
  CHECK_FALSE(client.inspect_container(name).has_value());
  CHECK_FALSE(std::filesystem::exists(missing));  // Binds would have made a directory there
}
