#pragma once

#include <atomic>
#include <thread>

#include "util/cancel.hpp"

namespace chora {

// Turns SIGINT, SIGTERM, SIGHUP and SIGQUIT into a cancelled token for as long as it lives, so an
// interrupted apply rolls back instead of dying half way. The signals are blocked in
// this thread (and every thread it starts later) and received by a watcher thread, so
// no code runs inside a signal handler. Later signals are reported and ignored: the
// rollback they would cut short is what keeps the environment whole.
class SignalWatcher {
 public:
  explicit SignalWatcher(CancelToken& cancel);
  ~SignalWatcher();

  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  void watch();

  CancelToken& cancel_;
  std::atomic<bool> stop_{false};
  std::thread watcher_;
};

}  // namespace chora
