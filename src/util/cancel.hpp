#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

namespace chora {

// A flag several threads watch to stop waiting early: set when a release fails or the
// operator interrupts, so gates that are still waiting give up at once.
class CancelToken {
 public:
  // Sets the flag (first reason wins) and wakes every sleeper.
  void cancel(const std::string& reason);

  bool cancelled() const { return cancelled_.load(); }
  std::string reason() const;

  // Sleeps up to `duration`; returns false when woken by cancel().
  bool sleep_for(std::chrono::milliseconds duration);

 private:
  std::atomic<bool> cancelled_{false};
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::string reason_;
};

}  // namespace chora
