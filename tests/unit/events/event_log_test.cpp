#include "events/event_log.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include <catch2/catch.hpp>

#include "support/event_schema.hpp"
#include "util/error.hpp"

using namespace chora;

namespace {

events::ReleaseInfo release_info() {
  return {"ecosystem-2026.12", "staging", 3, "CORD-2025-008", "ci@runner"};
}

report::StepEvent gate_failure() {
  report::StepEvent event;
  event.step = report::Step::kHealthGate;
  event.status = report::Status::kFailed;
  event.service = "chora-search";
  event.version = "3.0.0";
  event.previous_version = "2.9.0";
  event.action = "update";
  event.strategy = "start-first";
  event.wave = 3;
  event.duration = std::chrono::milliseconds(10250);
  event.container_id = "abc123";
  event.container_name = "staging_chora-search_r3";
  event.errors = {"not healthy within 10s: GET http://172.18.0.5:80/health answered 404"};
  return event;
}

std::string temporary_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("chora-test-" + std::to_string(::getpid()) + "-" + name))
      .string();
}

}  // namespace

TEST_CASE("a service event carries the required fields and its details in metadata", "[events]") {
  auto when = std::chrono::system_clock::time_point(std::chrono::milliseconds(1796302275123));
  nlohmann::json line = events::event_to_json(gate_failure(), release_info(), when);

  CHECK(line["timestamp"] == "2026-12-03T12:51:15.123Z");
  CHECK(line["event_type"] == "service.health_gate");
  CHECK(line["repository"] == "chora-search");
  CHECK(line["environment"] == "staging");
  CHECK(line["version"] == "3.0.0");
  CHECK(line["status"] == "failed");
  CHECK(line["duration_seconds"] == 10.25);
  CHECK(line["trace_id"] == "CORD-2025-008");
  CHECK(line["deployed_by"] == "ci@runner");
  CHECK(line["metadata"]["release"] == "ecosystem-2026.12");
  CHECK(line["metadata"]["revision"] == 3);
  CHECK(line["metadata"]["wave"] == 3);
  CHECK(line["metadata"]["previous_version"] == "2.9.0");
  CHECK(testing::deployment_event_problems(line).empty());
}

TEST_CASE("a release event names the release as repository and version", "[events]") {
  report::StepEvent event;
  event.status = report::Status::kRolledBack;
  event.errors = {"chora-search: health gate failed"};
  nlohmann::json line =
      events::event_to_json(event, release_info(), std::chrono::system_clock::now());

  CHECK(line["event_type"] == "release");
  CHECK(line["repository"] == "ecosystem-2026.12");
  CHECK(line["version"] == "ecosystem-2026.12");
  CHECK(line["status"] == "rolled_back");
  CHECK(testing::deployment_event_problems(line).empty());
}

TEST_CASE("the schema rejects an event without its required fields", "[events]") {
  nlohmann::json line =
      events::event_to_json(gate_failure(), release_info(), std::chrono::system_clock::now());
  line.erase("repository");
  CHECK_FALSE(testing::deployment_event_problems(line).empty());
}

TEST_CASE("the event log appends one JSON line per event", "[events]") {
  std::string dir = temporary_path("events");
  std::filesystem::create_directories(dir);
  std::string path = dir + "/deployment.jsonl";
  {
    events::EventLog log(path, release_info());
    log.on_event(gate_failure());
  }
  {
    events::EventLog log(path, release_info());
    log.on_event(gate_failure());
  }
  std::vector<nlohmann::json> lines = testing::read_event_lines(path);
  std::filesystem::remove_all(dir);

  REQUIRE(lines.size() == 2);
  for (const nlohmann::json& line : lines) {
    CHECK(testing::deployment_event_problems(line).empty());
  }
}

TEST_CASE("an event log in a directory that does not exist is refused, not created", "[events]") {
  std::string dir = temporary_path("events-missing");
  std::string path = dir + "/nested/deployment.jsonl";
  try {
    events::EventLog log(path, release_info());
    FAIL("opened a log in a missing directory");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kIo);
    CHECK(std::string(error.what()).find("its directory must exist") != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(dir));
}

TEST_CASE("an event log that cannot be opened is an I/O error naming the file", "[events]") {
  try {
    events::EventLog log("/proc/no-such-dir/deployment.jsonl", release_info());
    FAIL("opened an impossible path");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kIo);
    CHECK(std::string(error.what()).find("/proc/no-such-dir/deployment.jsonl") !=
          std::string::npos);
  }
}
