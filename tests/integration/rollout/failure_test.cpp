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
  // bring its old container back once the new one has replaced it.
  std::string once = "if [ -e /started ]; then exit 4; fi; touch /started; " + std::string(kServe);
  std::string v1 = release.manifest_header("v1") + busybox_service("once", once);
  std::string v2 = release.manifest_header("v2") +
                   busybox_service("once", once, "    env: { REVISION: \"2\" }\n") +
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
  std::map<std::string, std::string> running = release.running_versions();
  CHECK(running.size() == 2);
  CHECK(release.containers().size() == 2);
  CHECK(release.chora({"plan", "--detailed-exitcode", release.write_manifest("v1-again.yaml", v1)})
            .exit_code == 0);
}
