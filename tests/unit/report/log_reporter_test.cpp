#include <memory>
#include <sstream>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <catch2/catch.hpp>

#include "report/log_reporter.hpp"

using namespace chora;

namespace {

// Captures what the reporter logs, one "level message" line per call.
struct CapturedLog {
  std::ostringstream text;
  std::shared_ptr<spdlog::logger> previous = spdlog::default_logger();

  CapturedLog() {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_st>(text);
    auto logger = std::make_shared<spdlog::logger>("test", sink);
    logger->set_pattern("%l %v");
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);
  }
  ~CapturedLog() { spdlog::set_default_logger(previous); }
};

report::StepEvent update_of_search() {
  report::StepEvent event;
  event.step = report::Step::kDeploy;
  event.service = "chora-search";
  event.version = "1.1.0";
  event.previous_version = "1.0.0";
  event.action = "update";
  event.strategy = "start-first";
  event.wave = 3;
  event.reasons = {"version 1.0.0 -> 1.1.0", "env changed"};
  return event;
}

}  // namespace

TEST_CASE("log lines name the wave, the service, what happens and how long", "[report]") {
  CapturedLog log;
  report::LogReporter reporter("ecosystem-2027.01", "staging");

  report::StepEvent started = update_of_search();
  reporter.on_event(started);
  report::StepEvent gate = update_of_search();
  gate.step = report::Step::kHealthGate;
  gate.status = report::Status::kFailed;
  gate.duration = std::chrono::milliseconds(10400);
  gate.errors = {"not healthy within 10s: GET http://172.18.0.5:80/health answered 404"};
  reporter.on_event(gate);

  CHECK(log.text.str() ==
        "info [wave 3] chora-search: updating 1.0.0 -> 1.1.0 (start-first; env changed)\n"
        "error [wave 3] chora-search: 1.1.0 FAILED its health gate after 10.4s: not healthy "
        "within 10s: GET http://172.18.0.5:80/health answered 404\n");
}

TEST_CASE("a gate stopped because the release failed elsewhere is a warning, not a failure",
          "[report]") {
  CapturedLog log;
  report::LogReporter reporter("ecosystem-2027.01", "staging");

  report::StepEvent gate = update_of_search();
  gate.step = report::Step::kHealthGate;
  gate.status = report::Status::kSkipped;
  gate.duration = std::chrono::milliseconds(2300);
  gate.notes = "stopped waiting: chora-indexer failed";
  reporter.on_event(gate);

  CHECK(log.text.str() ==
        "warning [wave 3] chora-search: 1.1.0 stopped waiting: chora-indexer "
        "failed (after 2.3s)\n");
}

TEST_CASE("durations read as milliseconds, seconds or minutes", "[report]") {
  CHECK(report::format_seconds(std::chrono::milliseconds(350)) == "350ms");
  CHECK(report::format_seconds(std::chrono::milliseconds(1250)) == "1.2s");
  CHECK(report::format_seconds(std::chrono::seconds(125)) == "2m05s");
}

TEST_CASE("a scale says what it changes, and each replica it stops", "[report]") {
  CapturedLog log;
  report::LogReporter reporter("ecosystem-2027.01", "staging");

  report::StepEvent started = update_of_search();
  started.action = "scale";
  started.previous_version = started.version;
  started.reasons = {"replicas 3 -> 2"};
  reporter.on_event(started);
  report::StepEvent stopped = started;
  stopped.status = report::Status::kSucceeded;
  stopped.notes = "stopped staging_chora-search_r4_3; removed once the release passes";
  reporter.on_event(stopped);
  report::StepEvent undone = started;
  undone.step = report::Step::kRollback;
  undone.status = report::Status::kSucceeded;
  undone.duration = std::chrono::milliseconds(1500);
  reporter.on_event(undone);

  CHECK(log.text.str() ==
        "info [wave 3] chora-search: scaling 1.1.0 (replicas 3 -> 2)\n"
        "info [wave 3] chora-search: stopped staging_chora-search_r4_3; removed once the "
        "release passes\n"
        "warning [wave 3] chora-search: scale undone in 1.5s: its replicas are as they were\n");
}

TEST_CASE("the gate lines of a service with replicas name the replica", "[report]") {
  CapturedLog log;
  report::LogReporter reporter("ecosystem-2027.01", "staging");

  report::StepEvent gate = update_of_search();
  gate.step = report::Step::kHealthGate;
  gate.status = report::Status::kSucceeded;
  gate.replicas = 3;
  gate.container_name = "staging_chora-search_r4_2";
  gate.duration = std::chrono::milliseconds(505);
  gate.notes = "running";
  reporter.on_event(gate);

  CHECK(log.text.str() ==
        "info [wave 3] chora-search: 1.1.0 (staging_chora-search_r4_2) healthy in 505ms "
        "(running)\n");
}
