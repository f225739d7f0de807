#pragma once

#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "util/cancel.hpp"

namespace chora {

// Turns SIGINT, SIGTERM, SIGHUP and SIGQUIT into a cancelled token for as long as it lives, so an
// interrupted apply rolls back instead of dying half way. The signals are blocked in the
// constructing thread (and every thread it starts later) and delivered only to the
// watcher's own thread, so no blocking call elsewhere is interrupted and no code of ours
// runs inside a signal handler. Later signals are reported and ignored: the rollback they
// would cut short is what keeps the environment whole.
class SignalWatcher {
 public:
  explicit SignalWatcher(CancelToken& cancel);
  ~SignalWatcher();

  SignalWatcher(const SignalWatcher&) = delete;
  SignalWatcher& operator=(const SignalWatcher&) = delete;

 private:
  void wait_for_next_signal();
  void on_signal(int signal);

  CancelToken& cancel_;
  boost::asio::io_context io_;
  boost::asio::signal_set signals_;
  std::thread watcher_;
};

}  // namespace chora
