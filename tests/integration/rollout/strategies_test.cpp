// Replicas, update order, one-shot tasks and secrets on the real engine.

#include <algorithm>
#include <atomic>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include <catch2/catch.hpp>

#include "integration/rollout/busybox_services.hpp"
#include "support/event_schema.hpp"
#include "support/test_release.hpp"

using namespace chora;
using testing::busybox_service_with;
using testing::kServe;
using testing::kServeWww;
using testing::TestRelease;

namespace {

const char* const kTcpGate = "    health: { tcp: { port: 80 }, timeout: 20s, interval: 200ms }\n";

int running_count(TestRelease& release) {
  int running = 0;
  for (const auto& container : release.containers()) running += container.state == "running";
  return running;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("replicas roll in batches with at least one always serving under start-first",
          "[integration][strategy]") {
  TestRelease release("replicas");
  std::string shape = "    replicas: 3\n    update: { parallelism: 1 }\n";
  std::string v1 =
      release.manifest_header("v1") + busybox_service_with("api", kServe, shape + kTcpGate);
  std::string v2 =
      release.manifest_header("v2") +
      busybox_service_with("api", kServe, shape + "    env: { REVISION: \"2\" }\n" + kTcpGate);
  REQUIRE(release.chora({"apply", release.write_manifest("v1.yaml", v1)}).exit_code == 0);
  REQUIRE(running_count(release) == 3);

  // Watch how many replicas run while the update goes on.
  std::atomic<bool> done{false};
  std::atomic<int> fewest{3};
  std::thread watcher([&] {
    while (!done) {
      fewest = std::min(fewest.load(), running_count(release));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  testing::ProgramResult applied = release.chora({"apply", release.write_manifest("v2.yaml", v2)});
  done = true;
  watcher.join();

  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);
  CHECK(fewest >= 3);  // start-first: a new replica passes before an old one stops
  CHECK(running_count(release) == 3);
  CHECK(release.containers().size() == 3);

  std::vector<nlohmann::json> events = testing::read_event_lines(release.events_path());
  int gates = 0;
  for (const nlohmann::json& event : events) {
    gates += event["event_type"] == "service.health_gate" && event["status"] == "succeeded";
    CHECK(testing::deployment_event_problems(event).empty());
  }
  CHECK(gates == 6);  // three replicas in each release
}

TEST_CASE("a change of replicas alone adds or stops only the difference",
          "[integration][strategy]") {
  TestRelease release("scale");
  auto manifest = [&](int replicas) {
    std::string shape = "    replicas: " + std::to_string(replicas) + "\n";
    return release.write_manifest(
        "v" + std::to_string(replicas) + ".yaml",
        release.manifest_header("v1") + busybox_service_with("api", kServe, shape + kTcpGate));
  };
  auto ids = [&] {
    std::set<std::string> running;
    for (const auto& container : release.containers()) {
      if (container.state == "running") running.insert(container.id);
    }
    return running;
  };
  REQUIRE(release.chora({"apply", manifest(2)}).exit_code == 0);
  std::set<std::string> two = ids();
  REQUIRE(two.size() == 2);

  testing::ProgramResult plan = release.chora({"plan", manifest(3)});
  CHECK(plan.out.find("scale") != std::string::npos);
  CHECK(plan.out.find("replicas 2 -> 3; adds 1 replica in 1 batch of 1") != std::string::npos);
  testing::ProgramResult up = release.chora({"apply", manifest(3)});
  INFO(up.err);
  REQUIRE(up.exit_code == 0);
  std::set<std::string> three = ids();
  CHECK(three.size() == 3);
  CHECK(std::includes(three.begin(), three.end(), two.begin(), two.end()));

  testing::ProgramResult down = release.chora({"apply", manifest(1)});
  INFO(down.err);
  REQUIRE(down.exit_code == 0);
  std::set<std::string> one = ids();
  REQUIRE(one.size() == 1);
  CHECK(three.count(*one.begin()) == 1);
  CHECK(release.containers().size() == 1);  // the stopped replicas went at commit
  CHECK(release.chora({"plan", "--detailed-exitcode", manifest(1)}).exit_code == 0);
  CHECK(release.chora({"health", manifest(1)}).exit_code == 0);

  // A stopped replica of the serving revision fails `health` only while too few run, as
  // one a scale down retired and could not remove does not.
  REQUIRE(release.chora({"apply", manifest(2)}).exit_code == 0);
  std::set<std::string> added = ids();
  for (const std::string& id : one) added.erase(id);
  REQUIRE(added.size() == 1);
  release.engine().stop_container(*added.begin(), std::chrono::seconds(1));
  CHECK(release.chora({"health", manifest(1)}).exit_code == 0);
  CHECK(release.chora({"health", manifest(2)}).exit_code == 1);
  // status shows the stopped replica as one, not as an old container.
  testing::ProgramResult status = release.chora({"status", manifest(2)});
  CHECK(status.out.find("exited") != std::string::npos);
  CHECK(status.out.find("old)") == std::string::npos);

  for (const nlohmann::json& event : testing::read_event_lines(release.events_path())) {
    CHECK(testing::deployment_event_problems(event).empty());
  }
}

TEST_CASE("a fixed host port makes the update stop-first, and the plan says so",
          "[integration][strategy]") {
  TestRelease release("stopfirst");
  std::uint16_t port = testing::free_local_port();
  std::string ports = "    ports: [\"127.0.0.1:" + std::to_string(port) + ":80\"]\n";
  std::string v1 =
      release.manifest_header("v1") + busybox_service_with("web", kServe, ports + kTcpGate);
  std::string v2 =
      release.manifest_header("v2") +
      busybox_service_with("web", kServe, ports + "    env: { REVISION: \"2\" }\n" + kTcpGate);
  REQUIRE(release.chora({"apply", release.write_manifest("v1.yaml", v1)}).exit_code == 0);
  std::string v2_path = release.write_manifest("v2.yaml", v2);

  testing::ProgramResult plan = release.chora({"plan", v2_path});
  CHECK(plan.out.find("stop-first (host port 127.0.0.1:" + std::to_string(port) +
                      ":80/tcp can only be bound once)") != std::string::npos);

  // The engine's own record of the order: the old container dies before the new starts.
  std::mutex mutex;
  std::vector<std::string> seen;  // "<action> <container name>"
  docker::EventFilter filter;
  filter.labels = {{"io.chora-deploy.environment", release.environment()}};
  filter.actions = {"start", "die"};
  auto subscription = release.engine().subscribe(
      filter,
      [&](const docker::EngineEvent& event) {
        std::lock_guard<std::mutex> lock(mutex);
        seen.push_back(event.action + " " + event.attributes.at("name"));
      },
      [](const std::string&) {});
  testing::ProgramResult applied = release.chora({"apply", v2_path});
  INFO(applied.err);
  CHECK(applied.exit_code == 0);
  CHECK(running_count(release) == 1);
  CHECK(release.containers().front().name == release.environment() + "_web_r2");

  std::string old_died = "die " + release.environment() + "_web_r1";
  std::string new_started = "start " + release.environment() + "_web_r2";
  auto order = [&] {
    std::lock_guard<std::mutex> lock(mutex);
    auto died = std::find(seen.begin(), seen.end(), old_died);
    auto started = std::find(seen.begin(), seen.end(), new_started);
    if (died == seen.end() || started == seen.end()) return std::string("incomplete");
    return std::string(died < started ? "stop-first" : "start-first");
  };
  for (int wait = 0; wait < 50 && order() == "incomplete"; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(order() == "stop-first");
}

TEST_CASE("a task runs once to completion before its dependents, and not again unchanged",
          "[integration][strategy]") {
  TestRelease release("task");
  std::string yaml =
      release.manifest_header("v1") +
      busybox_service_with("migrate", "echo migrating; sleep 1; echo done",
                           "    task: true\n    health: { timeout: 20s }\n") +
      busybox_service_with("api", kServe, "    depends_on: [migrate]\n" + std::string(kTcpGate));
  std::string manifest = release.write_manifest("v1.yaml", yaml);

  testing::ProgramResult applied = release.chora({"apply", manifest});
  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);
  std::vector<nlohmann::json> events = testing::read_event_lines(release.events_path());
  std::size_t task_done = 0;
  std::size_t api_started = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i]["repository"] == "migrate" && events[i]["event_type"] == "service.health_gate" &&
        events[i]["status"] == "succeeded") {
      task_done = i;
    }
    if (events[i]["repository"] == "api" && events[i]["event_type"] == "service.deploy" &&
        events[i]["status"] == "started") {
      api_started = i;
    }
  }
  CHECK(task_done > 0);
  CHECK(task_done < api_started);

  testing::ProgramResult plan = release.chora({"plan", "--detailed-exitcode", manifest});
  CHECK(plan.exit_code == 0);
}

TEST_CASE("a task that fails stops the release before its dependents", "[integration][strategy]") {
  TestRelease release("taskfail");
  std::string yaml =
      release.manifest_header("v1") +
      busybox_service_with("migrate", "echo schema version conflict; exit 3",
                           "    task: true\n    health: { timeout: 20s }\n") +
      busybox_service_with("api", kServe, "    depends_on: [migrate]\n" + std::string(kTcpGate));
  testing::ProgramResult applied =
      release.chora({"apply", release.write_manifest("v1.yaml", yaml)});

  INFO(applied.err);
  CHECK(applied.exit_code == 5);
  CHECK(applied.err.find("exited with code 3; it said: schema version conflict") !=
        std::string::npos);
  CHECK(release.containers().empty());
}

TEST_CASE("a secret is readable in the container and its value appears nowhere else",
          "[integration][strategy]") {
  TestRelease release("secret");
  const std::string sentinel = "s3cr3t-" + release.environment();
  std::string secret_path = release.write_manifest("db_password", sentinel + "\n");
  auto manifest_with = [&](const std::string& extra) {
    std::string yaml = release.manifest_header("v1");
    yaml.replace(yaml.find("services:\n"), 10,
                 "secrets:\n  db_password: { file: " + secret_path + " }\nservices:\n");
    return yaml +
           busybox_service_with("api", kServeWww,
                                "    secrets: [db_password]\n" + extra +
                                    "    health:\n"
                                    "      liveness: { tcp: { port: 80 } }\n"
                                    "      smoke: { exec: [\"/bin/busybox\", \"test\", \"-s\", "
                                    "\"/run/secrets/db_password\"] }\n"
                                    "      timeout: 20s\n");
  };
  std::string manifest = release.write_manifest("v1.yaml", manifest_with(""));

  testing::ProgramResult applied = release.chora({"apply", manifest});
  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);
  testing::ProgramResult status = release.chora({"status", manifest});
  testing::ProgramResult plan = release.chora({"plan", "-o", "json", manifest});

  // The value went into the container by a bind mount only: no output or file of
  // chora-deploy holds it.
  for (const std::string& text : {applied.out, applied.err, status.out, status.err, plan.out,
                                  read_all(release.events_path())}) {
    CHECK(text.find(sentinel) == std::string::npos);
  }

  // A secret whose file is gone stops the next release in its preflight.
  std::remove(secret_path.c_str());
  testing::ProgramResult refused =
      release.chora({"apply", release.write_manifest(
                                  "v2.yaml", manifest_with("    env: { REVISION: \"2\" }\n"))});
  CHECK(refused.exit_code == 4);
  CHECK(refused.err.find("the file of secret db_password " + secret_path + " cannot be read") !=
        std::string::npos);
}

TEST_CASE("a failing check of a service with secrets does not quote what it printed",
          "[integration][strategy]") {
  TestRelease release("secretout");
  const std::string sentinel = "s3cr3t-" + release.environment();
  std::string secret_path = release.write_manifest("db_password", sentinel + "\n");
  std::string yaml = release.manifest_header("v1");
  yaml.replace(yaml.find("services:\n"), 10,
               "secrets:\n  db_password: { file: " + secret_path + " }\nservices:\n");
  // A careless smoke test that prints the secret on its way to failing.
  yaml += busybox_service_with("api", kServeWww,
                               "    secrets: [db_password]\n"
                               "    health:\n"
                               "      liveness: { tcp: { port: 80 } }\n"
                               "      smoke: { exec: [\"/bin/busybox\", \"sh\", \"-c\", "
                               "\"cat /run/secrets/db_password; exit 1\"] }\n"
                               "      timeout: 5s\n");

  testing::ProgramResult applied =
      release.chora({"apply", release.write_manifest("v1.yaml", yaml)});
  INFO(applied.err);
  CHECK(applied.exit_code == 5);
  CHECK(applied.err.find("exited 1; its output is not shown") != std::string::npos);
  for (const std::string& text : {applied.out, applied.err, read_all(release.events_path())}) {
    CHECK(text.find(sentinel) == std::string::npos);
  }
}
