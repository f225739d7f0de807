#include "util/signal_watcher.hpp"

#include <pthread.h>
#include <signal.h>

#include <string>

#include <spdlog/spdlog.h>

namespace chora {
namespace {

sigset_t watched_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);  // the terminal or ssh session went away
  sigaddset(&set, SIGQUIT);
  return set;
}

std::string signal_name(int signal) {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    case SIGQUIT:
      return "SIGQUIT";
  }
  return "signal " + std::to_string(signal);
}

}  // namespace

SignalWatcher::SignalWatcher(CancelToken& cancel)
    : cancel_(cancel), signals_(io_, SIGINT, SIGTERM, SIGHUP) {
  signals_.add(SIGQUIT);
  wait_for_next_signal();

  // Blocked here before any worker exists, so every later thread inherits the mask and
  // the kernel can hand these signals only to the watcher, which unblocks them.
  sigset_t set = watched_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  watcher_ = std::thread([this] {
    sigset_t watched = watched_signals();
    pthread_sigmask(SIG_UNBLOCK, &watched, nullptr);
    io_.run();
  });
}

SignalWatcher::~SignalWatcher() {
  io_.stop();  // wakes the watcher at once; nothing of the release waits on it
  watcher_.join();

  // Back to the default disposition before unblocking, so a signal that came in during
  // the tear-down ends the process as it would have without the watcher.
  boost::system::error_code ignored;
  signals_.clear(ignored);
  sigset_t set = watched_signals();
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

void SignalWatcher::wait_for_next_signal() {
  signals_.async_wait([this](const boost::system::error_code& error, int signal) {
    if (error) return;  // the watcher is being torn down
    on_signal(signal);
    wait_for_next_signal();
  });
}

void SignalWatcher::on_signal(int signal) {
  std::string name = signal_name(signal);
  if (cancel_.cancelled()) {
    spdlog::warn("{} received again: the rollback continues so the environment stays whole",
                 name);
    return;
  }
  spdlog::warn("{} received: stopping the release and rolling back", name);
  cancel_.cancel("interrupted by " + name);
}

}  // namespace chora
