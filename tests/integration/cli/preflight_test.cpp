// What stops a release before its first change: each must leave the engine untouched and
// exit with its documented code.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "integration/docker/test_objects.hpp"
#include "integration/rollout/busybox_services.hpp"
#include "state/environment_lock.hpp"
#include "support/test_release.hpp"

using namespace chora;
using testing::busybox_service;
using testing::kServe;
using testing::TestRelease;

TEST_CASE("a missing image stops the release before anything changes", "[integration][preflight]") {
  TestRelease release("noimage");
  std::string yaml = release.manifest_header("v1") + busybox_service("web", kServe) +
                     "  ghost:\n    image: chora-test/ghost\n    version: \"404\"\n";
  testing::ProgramResult result = release.chora({"apply", release.write_manifest("v1.yaml", yaml)});

  CHECK(result.exit_code == 4);
  CHECK(result.err.find("ghost: image chora-test/ghost:404 is not on the engine") !=
        std::string::npos);
  CHECK(result.err.find("nothing was changed") != std::string::npos);
  CHECK(release.containers().empty());
  CHECK_FALSE(release.engine().inspect_network(release.network()));
}

TEST_CASE("a host port held by a container outside the environment stops the release",
          "[integration][preflight]") {
  TestRelease holder("holder");
  TestRelease release("portclash");
  std::uint16_t port = testing::free_local_port();
  std::string ports = "    ports: [\"127.0.0.1:" + std::to_string(port) + ":80\"]\n";
  std::string holder_yaml =
      holder.manifest_header("h1") + busybox_service("squatter", kServe, ports);
  REQUIRE(holder.chora({"apply", holder.write_manifest("h.yaml", holder_yaml)}).exit_code == 0);

  std::string yaml = release.manifest_header("v1") + busybox_service("web", kServe, ports);
  testing::ProgramResult result = release.chora({"apply", release.write_manifest("v1.yaml", yaml)});

  CHECK(result.exit_code == 4);
  CHECK(result.err.find("web: host port 127.0.0.1:" + std::to_string(port) +
                        ":80/tcp is held by container " + holder.environment() + "_squatter_r1") !=
        std::string::npos);
  CHECK(release.containers().empty());
}

TEST_CASE("an engine that does not answer is reported with where it was looked for",
          "[integration][preflight]") {
  TestRelease release("noengine");
  std::string yaml = release.manifest_header("v1") + busybox_service("web", kServe);
  std::string manifest = release.write_manifest("v1.yaml", yaml);

  testing::ProgramResult result =
      release.chora({"apply", manifest}, {{"DOCKER_HOST", "unix:///nonexistent/docker.sock"}});
  CHECK(result.exit_code == 4);
  CHECK(result.err.find("unix:///nonexistent/docker.sock") != std::string::npos);

  testing::ProgramResult bad_host =
      release.chora({"plan", manifest}, {{"DOCKER_HOST", "ssh://somewhere"}});
  CHECK(bad_host.exit_code == 3);
}

TEST_CASE("an invalid manifest is refused without touching the engine",
          "[integration][preflight]") {
  TestRelease release("invalid");
  std::string yaml = release.manifest_header("v1") + busybox_service("api", kServe) +
                     busybox_service("web", kServe) + "    depends_on: [apo]\n";
  testing::ProgramResult result = release.chora({"apply", release.write_manifest("v1.yaml", yaml)});

  CHECK(result.exit_code == 3);
  CHECK(result.err.find("unknown service 'apo'") != std::string::npos);
  CHECK(result.err.find("did you mean 'api'?") != std::string::npos);
  CHECK(release.containers().empty());
}

TEST_CASE("an environment another apply holds is refused", "[integration][preflight]") {
  TestRelease release("locked");
  std::string yaml = release.manifest_header("v1") + busybox_service("web", kServe);
  state::EnvironmentLock held = state::EnvironmentLock::acquire(
      release.state_dir(), release.environment(), "another apply (pid 1)");

  testing::ProgramResult result = release.chora({"apply", release.write_manifest("v1.yaml", yaml)});
  CHECK(result.exit_code == 4);
  CHECK(result.err.find("is locked by another apply (pid 1)") != std::string::npos);
  CHECK(release.containers().empty());
}

TEST_CASE("preflight reports every problem it can see at once, and changes nothing",
          "[integration][preflight]") {
  TestRelease release("allatonce");
  docker::Engine& engine = release.engine();
  // The release's network exists, but another environment made it.
  engine.create_network(release.network(), {{"io.chora-deploy.environment", "someone-else"},
                                            {test::kTestLabel, "true"}});
  // A stranger holds the name web's new container would take.
  std::string taken = release.environment() + "_web_r1";
  test::ContainerGuard squatter(engine, taken);
  engine.create_container(test::test_container(taken, {"sleep", "60"}));

  std::string yaml = release.manifest_header("v1");
  yaml.replace(yaml.find("services:\n"), 10,
               "secrets:\n  token: { file: " + release.state_dir() +
                   "/no-such-file }\n"
                   "services:\n");
  yaml += busybox_service("web", kServe) +
          "  ghost:\n    image: chora-test/ghost\n    version: \"404\"\n"
          "    secrets: [token]\n";
  std::string manifest = release.write_manifest("v1.yaml", yaml);

  // The plan already says what apply will refuse, in text and JSON.
  testing::ProgramResult plan = release.chora({"plan", manifest});
  CHECK(plan.exit_code == 4);
  CHECK(plan.out.find("Apply would refuse this plan:") != std::string::npos);
  CHECK(plan.out.find("ghost: image chora-test/ghost:404 is not on the engine") !=
        std::string::npos);
  nlohmann::json planned =
      nlohmann::json::parse(release.chora({"plan", "-o", "json", manifest}).out);
  CHECK(planned["blockers"].size() == 4);

  testing::ProgramResult result = release.chora({"apply", manifest});
  INFO(result.err);
  CHECK(result.exit_code == 4);
  CHECK(result.err.find("network " + release.network() + " belongs to environment someone-else") !=
        std::string::npos);
  CHECK(result.err.find("web: the name " + taken + " of its new container is taken") !=
        std::string::npos);
  CHECK(result.err.find("ghost: image chora-test/ghost:404 is not on the engine") !=
        std::string::npos);
  CHECK(result.err.find("ghost: the file of secret token") != std::string::npos);
  CHECK(result.err.find("nothing was changed") != std::string::npos);
  CHECK(release.containers().empty());
  auto network = engine.inspect_network(release.network());
  REQUIRE(network);
  CHECK(network->labels.at("io.chora-deploy.environment") == "someone-else");
}
