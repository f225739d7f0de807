// Failures on the real engine: fail fast, incomplete rollbacks, interruption, and the
// scheduling that lets a service start before unrelated ones of its wave are done.

#include <signal.h>

#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "integration/rollout/busybox_services.hpp"
#include "support/event_schema.hpp"
#include "support/test_release.hpp"

using namespace chora;
using testing::busybox_service;
using testing::kServe;
using testing::TestRelease;

namespace {

const nlohmann::json* find_event(const std::vector<nlohmann::json>& events,
                                 const std::string& service, const std::string& type,
                                 const std::string& status) {
  for (const nlohmann::json& event : events) {
    if (event["repository"] == service && event["event_type"] == type &&
        event["status"] == status) {
      return &event;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("a service starts as soon as its own dependencies pass, not its whole wave",
          "[integration][apply]") {
  TestRelease release("eager");
  std::string yaml = release.manifest_header("v1") + busybox_service("fast", kServe) +
                     busybox_service("slow", "sleep 4; exec /bin/busybox httpd -f -p 80 -h /") +
                     busybox_service("after-fast", kServe, "    depends_on: [fast]\n");
  std::string manifest = release.write_manifest("v1.yaml", yaml);

  testing::ProgramResult applied = release.chora({"apply", manifest});
  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);

  std::vector<nlohmann::json> events = testing::read_event_lines(release.events_path());
  const nlohmann::json* started = find_event(events, "after-fast", "service.deploy", "started");
  const nlohmann::json* slow_ok = find_event(events, "slow", "service.health_gate", "succeeded");
  REQUIRE(started);
  REQUIRE(slow_ok);
  CHECK((*started)["timestamp"].get<std::string>() < (*slow_ok)["timestamp"].get<std::string>());
}

TEST_CASE("a container that exits fails its gate at once, not at the deadline",
          "[integration][apply][rollback]") {
  TestRelease release("failfast");
  std::string yaml = release.manifest_header("v1") +
                     busybox_service("crasher", "echo starting; exit 3", "", "60s");
  std::string manifest = release.write_manifest("v1.yaml", yaml);

  auto start = std::chrono::steady_clock::now();
  testing::ProgramResult applied = release.chora({"apply", manifest});
  auto took = std::chrono::steady_clock::now() - start;

  INFO(applied.err);
  CHECK(applied.exit_code == 5);
  CHECK(applied.err.find("container exited with exit code 3") != std::string::npos);
  CHECK(took < std::chrono::seconds(20));
  CHECK(release.containers().empty());
}

TEST_CASE("a rollback that cannot restore a service says a person must look",
          "[integration][rollback]") {
  TestRelease release("incomplete");
  // `once` refuses to start a second time in the same container, so the rollback cannot
  // bring its old container back once the new one has replaced it. Stop-first, so that
  // its old container is surely stopped before `doomed` fails.
  std::string once = "if [ -e /started ]; then exit 4; fi; touch /started; " + std::string(kServe);
  std::string v1 = release.manifest_header("v1") + busybox_service("once", once);
  std::string v2 = release.manifest_header("v2") +
                   busybox_service("once", once,
                                   "    env: { REVISION: \"2\" }\n"
                                   "    update: { order: stop-first }\n") +
                   busybox_service("doomed", "exit 1", "    depends_on: [once]\n");
  REQUIRE(release.chora({"apply", release.write_manifest("v1.yaml", v1)}).exit_code == 0);

  testing::ProgramResult failed = release.chora({"apply", release.write_manifest("v2.yaml", v2)});
  INFO(failed.err);
  CHECK(failed.exit_code == 6);
  CHECK(failed.err.find("ROLLBACK") != std::string::npos);
  CHECK(failed.err.find("a person must look at environment " + release.environment()) !=
        std::string::npos);

  std::vector<nlohmann::json> events = testing::read_event_lines(release.events_path());
  REQUIRE_FALSE(events.empty());
  CHECK(events.back()["status"] == "rollback_incomplete");
  for (const nlohmann::json& event : events)
    CHECK(testing::deployment_event_problems(event).empty());
}

TEST_CASE("an interrupted apply rolls back what it changed", "[integration][rollback]") {
  TestRelease release("interrupt");
  std::string v1 = release.manifest_header("v1") + busybox_service("base", kServe) +
                   busybox_service("top", kServe, "    depends_on: [base]\n");
  std::string v2 = release.manifest_header("v2") +
                   busybox_service("base", kServe, "    env: { REVISION: \"2\" }\n") +
                   busybox_service("top", "sleep 600", "    depends_on: [base]\n", "120s");
  REQUIRE(release.chora({"apply", release.write_manifest("v1.yaml", v1)}).exit_code == 0);
  std::string v2_path = release.write_manifest("v2.yaml", v2);

  std::string events_path = release.events_path() + ".v2";
  testing::BackgroundProgram apply(
      testing::chora_binary(),
      {"--state-dir", release.state_dir(), "apply", v2_path, "--events", events_path});
  // Wait until `top` is held at its gate, then interrupt as Ctrl-C would.
  for (int i = 0; i < 100; ++i) {
    auto events = testing::read_event_lines(events_path);
    if (find_event(events, "top", "service.health_gate", "started")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  apply.send_signal(SIGINT);
  testing::ProgramResult result = apply.wait();

  INFO(result.err);
  CHECK(result.exit_code == 5);
  CHECK(result.err.find("interrupted by SIGINT") != std::string::npos);
  // top's gate was stopped undecided: skipped, with the reason, not failed.
  std::vector<nlohmann::json> events = testing::read_event_lines(events_path);
  const nlohmann::json* skipped = find_event(events, "top", "service.health_gate", "skipped");
  REQUIRE(skipped);
  CHECK((*skipped)["notes"] == "stopped waiting: interrupted by SIGINT");
  CHECK_FALSE(find_event(events, "top", "service.health_gate", "failed"));
  std::map<std::string, std::string> running = release.running_versions();
  CHECK(running.size() == 2);
  CHECK(release.containers().size() == 2);
  CHECK(release.chora({"plan", "--detailed-exitcode", release.write_manifest("v1-again.yaml", v1)})
            .exit_code == 0);
}

TEST_CASE("a rollback checks the old container against its own gate, not the new one",
          "[integration][rollback]") {
  TestRelease release("owngate");
  // v2 moves web's probe to 8080 and its network; the old container answers on 80 on
  // the old network, where the rollback must look for it. Stop-first, so that the old
  // container is surely stopped, and checked when it comes back.
  std::string v1 = release.manifest_header("v1") + busybox_service("web", kServe);
  std::string header_v2 = release.manifest_header("v2");
  header_v2.replace(header_v2.find("network: " + release.network()), 9 + release.network().size(),
                    "network: " + release.network() + "-b");
  std::string web_v2 = busybox_service("web", "exec /bin/busybox httpd -f -p 8080 -h /",
                                       "    update: { order: stop-first }\n");
  web_v2.replace(web_v2.find("port: 80 }"), 10, "port: 8080 }");
  std::string v2 =
      header_v2 + web_v2 + busybox_service("doomed", "exit 1", "    depends_on: [web]\n");
  REQUIRE(release.chora({"apply", release.write_manifest("v1.yaml", v1)}).exit_code == 0);

  testing::ProgramResult failed = release.chora({"apply", release.write_manifest("v2.yaml", v2)});
  INFO(failed.err);
  CHECK(failed.exit_code == 5);
  CHECK(release.running_versions().size() == 1);
  CHECK_FALSE(release.engine().inspect_network(release.network() + "-b"));
}

TEST_CASE("a host port cannot move from one service to another in one release",
          "[integration][preflight]") {
  TestRelease release("portmove");
  std::string ports =
      "    ports: [\"127.0.0.1:" + std::to_string(testing::free_local_port()) + ":80\"]\n";
  std::string v1 = release.manifest_header("v1") + busybox_service("old-api", kServe, ports);
  std::string v2 = release.manifest_header("v2") + busybox_service("new-api", kServe, ports);
  REQUIRE(release.chora({"apply", release.write_manifest("v1.yaml", v1)}).exit_code == 0);
  std::string v2_path = release.write_manifest("v2.yaml", v2);

  testing::ProgramResult plan = release.chora({"plan", v2_path});
  CHECK(plan.exit_code == 4);
  CHECK(plan.out.find("Apply would refuse this plan") != std::string::npos);

  testing::ProgramResult refused = release.chora({"apply", v2_path});
  CHECK(refused.exit_code == 4);
  CHECK(refused.err.find("new-api: host port") != std::string::npos);
  CHECK(refused.err.find("of service old-api") != std::string::npos);
  CHECK(release.running_versions() == std::map<std::string, std::string>{{"old-api", "1"}});
}

TEST_CASE("a hang-up of the terminal rolls back like an interrupt", "[integration][rollback]") {
  TestRelease release("hangup");
  std::string v1 = release.manifest_header("v1") + busybox_service("top", kServe);
  std::string v2 = release.manifest_header("v2") +
                   busybox_service("top", "sleep 600", "    env: { REVISION: \"2\" }\n", "120s");
  REQUIRE(release.chora({"apply", release.write_manifest("v1.yaml", v1)}).exit_code == 0);

  std::string events_path = release.events_path() + ".v2";
  testing::BackgroundProgram apply(
      testing::chora_binary(), {"--state-dir", release.state_dir(), "apply",
                                release.write_manifest("v2.yaml", v2), "--events", events_path});
  for (int i = 0; i < 100; ++i) {
    auto events = testing::read_event_lines(events_path);
    if (find_event(events, "top", "service.health_gate", "started")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  apply.send_signal(SIGHUP);
  testing::ProgramResult result = apply.wait();

  INFO(result.err);
  CHECK(result.exit_code == 5);
  CHECK(result.err.find("interrupted by SIGHUP") != std::string::npos);
  CHECK(release.containers().size() == 1);
}
