#pragma once

#include <mutex>
#include <string>

#include "report/step_event.hpp"

namespace chora::report {

// Turns step events into log lines a tired operator can read: which service, which
// wave, what happened and how long it took. Errors name the cause; clean-up of old
// containers is only shown with --verbose.
class LogReporter : public RolloutObserver {
 public:
  // `release` and `environment` name the release in its first and last lines.
  LogReporter(std::string release, std::string environment);

  void on_event(const StepEvent& event) override;

 private:
  void on_release(const StepEvent& event);
  void on_service(const StepEvent& event);

  std::string release_;
  std::string environment_;
  std::mutex mutex_;
};

// "1.2s", "350ms", "2m05s".
std::string format_seconds(std::chrono::duration<double> duration);

}  // namespace chora::report
