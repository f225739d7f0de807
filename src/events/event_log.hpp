#pragma once

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "report/step_event.hpp"

namespace chora::events {

// What every event of one release carries besides the step itself.
struct ReleaseInfo {
  std::string release;
  std::string environment;
  int revision = 0;
  std::string trace_id;     // optional
  std::string deployed_by;  // optional
};

// The event as one JSON object in the shared deployment event schema
// (schemas/deployment-event.schema.json). Release-level events use the release name
// as both repository and version.
nlohmann::json event_to_json(const report::StepEvent& event, const ReleaseInfo& release,
                             std::chrono::system_clock::time_point when);

// UTC, RFC 3339 with milliseconds: "2026-12-03T13:20:01.123Z".
std::string rfc3339_utc(std::chrono::system_clock::time_point when);

// Appends one JSON line per event to a file (deployment.jsonl). Each line goes out in a
// single write on a file opened for appending, so lines of concurrent writers never mix.
class EventLog : public report::RolloutObserver {
 public:
  // Opens (creating it and its directory if needed) `path`. Throws Error (kIo).
  EventLog(std::string path, ReleaseInfo release);
  ~EventLog() override;

  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // Never throws: a release in flight must not be cut short by a full disk. The first
  // failure is kept for write_error().
  void on_event(const report::StepEvent& event) override;

  const std::string& path() const { return path_; }

  // Why some event could not be written; empty when all were.
  std::string write_error() const;

 private:
  std::string path_;
  ReleaseInfo release_;
  int fd_ = -1;
  mutable std::mutex mutex_;
  std::string write_error_;
};

// "user@host" of whoever runs the tool, or the CHORA_DEPLOYED_BY environment variable.
std::string default_deployed_by();

}  // namespace chora::events
