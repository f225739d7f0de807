// The five health levels on the real engine: each failing on its own stops the release
// with that level named; a container dying inside its stable_for window fails at once;
// `chora-deploy health` reports the lowest failing level as its exit code.

#include <chrono>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "integration/rollout/busybox_services.hpp"
#include "support/event_schema.hpp"
#include "support/test_release.hpp"

using namespace chora;
using testing::busybox_service_with;
using testing::kServeWww;
using testing::TestRelease;

namespace {

// Applies a release of the single service `yaml`, which must fail, and returns stderr.
std::string failed_apply(TestRelease& release, const std::string& service_yaml) {
  std::string manifest =
      release.write_manifest("v1.yaml", release.manifest_header("v1") + service_yaml);
  testing::ProgramResult result = release.chora({"apply", manifest});
  INFO(result.err);
  CHECK(result.exit_code == 5);
  CHECK(release.containers().empty());
  return result.err;
}

}  // namespace

TEST_CASE("a HEALTHCHECK that turns unhealthy fails level 2 at once", "[integration][health]") {
  TestRelease release("level2");
  std::string err = failed_apply(
      release, busybox_service_with("web", kServeWww,
                                    "    healthcheck:\n"
                                    "      test: [\"CMD\", \"/bin/busybox\", \"false\"]\n"
                                    "      interval: 200ms\n"
                                    "      retries: 1\n"
                                    "    health: { timeout: 60s }\n"));
  CHECK(err.find("healthcheck: Docker HEALTHCHECK reports unhealthy") != std::string::npos);
}

TEST_CASE("a liveness probe that never answers as expected fails level 3",
          "[integration][health]") {
  TestRelease release("level3");
  std::string err = failed_apply(
      release,
      busybox_service_with("web", kServeWww,
                           "    health: { http: { port: 80, path: /missing }, timeout: 3s, "
                           "interval: 200ms }\n"));
  CHECK(err.find("liveness: GET http://") != std::string::npos);
  CHECK(err.find("/missing answered 404, expected 200") != std::string::npos);
}

TEST_CASE("a readiness check that fails fails level 4", "[integration][health]") {
  TestRelease release("level4");
  std::string err = failed_apply(
      release, busybox_service_with("web", kServeWww,
                                    "    health:\n"
                                    "      liveness: { tcp: { port: 80 } }\n"
                                    "      readiness: { exec: [\"/bin/busybox\", \"test\", \"-e\", "
                                    "\"/www/never\"] }\n"
                                    "      timeout: 3s\n"
                                    "      interval: 200ms\n"));
  CHECK(err.find("readiness: exec '/bin/busybox test -e /www/never' exited 1") !=
        std::string::npos);
}

TEST_CASE("a dependency that stops passing fails its dependent's readiness",
          "[integration][health]") {
  TestRelease release("level4deps");
  // `base` serves for three seconds, long enough to pass its own gate, then exits.
  std::string yaml =
      release.manifest_header("v1") +
      busybox_service_with("base",
                           "/bin/busybox timeout 3 /bin/busybox httpd -f -p 80 -h /; exit 0",
                           "    health: { tcp: { port: 80 }, timeout: 10s, interval: 200ms }\n") +
      busybox_service_with("top", "sleep 3; exec /bin/busybox httpd -f -p 80 -h /",
                           "    depends_on: [base]\n"
                           "    health: { tcp: { port: 80 }, timeout: 8s, interval: 200ms }\n");
  testing::ProgramResult result = release.chora({"apply", release.write_manifest("v1.yaml", yaml)});

  INFO(result.err);
  CHECK(result.exit_code == 5);
  CHECK(result.err.find("readiness: dependency base no longer passes") != std::string::npos);
}

TEST_CASE("a smoke check that fails fails level 5", "[integration][health]") {
  TestRelease release("level5");
  std::string err = failed_apply(
      release,
      busybox_service_with("web", kServeWww,
                           "    health:\n"
                           "      liveness: { tcp: { port: 80 } }\n"
                           "      smoke: { http: { port: 80, path: /index.html, body: goodbye } }\n"
                           "      timeout: 3s\n"
                           "      interval: 200ms\n"));
  CHECK(err.find("smoke: GET http://") != std::string::npos);
  CHECK(err.find("without 'goodbye' in its body") != std::string::npos);
}

TEST_CASE("a smoke command that hangs does not hold a failed release until its deadline",
          "[integration][health]") {
  TestRelease release("hungsmoke");
  auto start = std::chrono::steady_clock::now();
  std::string err = failed_apply(
      release,
      busybox_service_with("web", kServeWww,
                           "    health:\n"
                           "      liveness: { tcp: { port: 80 } }\n"
                           "      smoke: { exec: [\"/bin/busybox\", \"sleep\", \"600\"] }\n"
                           "      timeout: 120s\n"
                           "      interval: 200ms\n") +
          busybox_service_with("broken", "sleep 1; exit 3",
                               "    health: { tcp: { port: 80 }, timeout: 120s }\n"));
  auto took = std::chrono::steady_clock::now() - start;

  // broken exits after a second and fails the release; web's smoke command would run for
  // ten minutes, and its gate's deadline is two: the wait for it stops with the release.
  CHECK(err.find("broken: health gate failed") != std::string::npos);
  CHECK(took < std::chrono::seconds(60));
}

TEST_CASE(
    "a container that dies inside its stable_for window fails at once, not at the "
    "deadline",
    "[integration][health]") {
  TestRelease release("window");
  auto start = std::chrono::steady_clock::now();
  std::string err = failed_apply(
      release,
      busybox_service_with("web", "/bin/busybox timeout 2 /bin/busybox httpd -f -p 80 -h /; exit 9",
                           "    health:\n"
                           "      tcp: { port: 80 }\n"
                           "      stable_for: 30s\n"
                           "      timeout: 60s\n"
                           "      interval: 25s\n"));
  auto took = std::chrono::steady_clock::now() - start;

  // The container dies 2s after it starts, long before the gate's next look at 25s:
  // only the engine's die event can end the gate this early.
  CHECK(err.find("running: container exited with exit code 9") != std::string::npos);
  CHECK(took < std::chrono::seconds(10));
}

TEST_CASE("health reports each level and exits with the lowest that fails",
          "[integration][health]") {
  TestRelease release("healthcmd");
  std::string yaml =
      release.manifest_header("v1") +
      busybox_service_with("web", kServeWww,
                           "    health:\n"
                           "      liveness: { http: { port: 80, path: /index.html } }\n"
                           "      readiness: { exec: [\"/bin/busybox\", \"test\", \"-e\", "
                           "\"/www/ready\"] }\n"
                           "      smoke: { http: { port: 80, path: /index.html, body: hello } }\n"
                           "      timeout: 10s\n"
                           "      interval: 200ms\n");
  std::string manifest = release.write_manifest("v1.yaml", yaml);
  REQUIRE(release.chora({"apply", manifest}).exit_code == 0);

  testing::ProgramResult healthy = release.chora({"health", manifest});
  INFO(healthy.out);
  CHECK(healthy.exit_code == 0);
  CHECK(healthy.out.find("ok           -            ok           ok           ok") !=
        std::string::npos);

  // Take readiness away: level 4 fails, and that is the exit code.
  std::string id = release.containers().front().id;
  release.engine().exec(id, {"/bin/busybox", "rm", "/www/ready"}, std::chrono::seconds(5), nullptr);
  testing::ProgramResult unready = release.chora({"health", manifest});
  CHECK(unready.exit_code == 4);
  CHECK(unready.out.find("web (" + release.environment() + "_web_r1): readiness:") !=
        std::string::npos);

  testing::ProgramResult json = release.chora({"health", "-o", "json", manifest});
  CHECK(json.exit_code == 4);
  nlohmann::json parsed = nlohmann::json::parse(json.out);
  CHECK(parsed["containers"][0]["levels"]["readiness"] == "FAIL");
  CHECK(parsed["containers"][0]["failed_level"] == 4);

  testing::ProgramResult broken =
      release.chora({"health", manifest}, {{"DOCKER_HOST", "unix:///nonexistent/docker.sock"}});
  CHECK(broken.exit_code == 14);
}

TEST_CASE("health counts a replica that exited, and one that is missing, as level 1",
          "[integration][health]") {
  TestRelease release("healthreplicas");
  std::string service = busybox_service_with(
      "api", kServeWww, "    replicas: 2\n    health: { tcp: { port: 80 }, timeout: 10s }\n");
  std::string manifest = release.write_manifest("v1.yaml", release.manifest_header("v1") + service);
  REQUIRE(release.chora({"apply", manifest}).exit_code == 0);
  REQUIRE(release.chora({"health", manifest}).exit_code == 0);

  // One replica stops: the other still serves, but the release is not what was deployed.
  std::string stopped = release.environment() + "_api_r1_2";
  release.engine().stop_container(stopped, std::chrono::seconds(1));
  testing::ProgramResult one_down = release.chora({"health", manifest});
  INFO(one_down.out);
  CHECK(one_down.exit_code == 1);
  CHECK(one_down.out.find("api (" + stopped + "): running: container exited") != std::string::npos);

  // The manifest asks for three: the third is missing.
  std::string three = release.write_manifest(
      "v2.yaml", release.manifest_header("v1") +
                     busybox_service_with("api", kServeWww,
                                          "    replicas: 3\n"
                                          "    health: { tcp: { port: 80 }, timeout: 10s }\n"));
  release.engine().start_container(stopped);
  testing::ProgramResult missing = release.chora({"health", three});
  INFO(missing.out);
  CHECK(missing.exit_code == 1);
  CHECK(missing.out.find("running: 2 of the manifest's 3 replicas exist") != std::string::npos);

  // A manifest of another version is checked on what runs, says so, and does not pass.
  std::string other = release.manifest_header("v2") + service;
  other.replace(other.find("version: \"1\""), 12, "version: \"2\"");
  testing::ProgramResult mismatch =
      release.chora({"health", release.write_manifest("other.yaml", other)});
  CHECK(mismatch.exit_code == 6);
  CHECK(mismatch.err.find("api differs from the manifest; apply would change: version 1 -> 2") !=
        std::string::npos);
  nlohmann::json json = nlohmann::json::parse(
      release.chora({"health", "-o", "json", release.write_manifest("other.yaml", other)}).out);
  CHECK(json["exit_code"] == 6);
  CHECK(
      json["drift"] ==
      nlohmann::json::array({"api differs from the manifest; apply would change: version 1 -> 2"}));

  // So is one of the same version with another configuration.
  std::string reconfigured = release.manifest_header("v1") + service;
  reconfigured.replace(reconfigured.find("    replicas: 2\n"), 16,
                       "    replicas: 2\n    env: { MODE: other }\n");
  testing::ProgramResult changed =
      release.chora({"health", release.write_manifest("reconfigured.yaml", reconfigured)});
  CHECK(changed.exit_code == 6);
  CHECK(changed.err.find("api differs from the manifest; apply would change: env changed") !=
        std::string::npos);
}
