#include "util/signal_watcher.hpp"

#include <pthread.h>
#include <signal.h>

#include <ctime>
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

SignalWatcher::SignalWatcher(CancelToken& cancel) : cancel_(cancel) {
  sigset_t set = watched_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  watcher_ = std::thread([this] { watch(); });
}

SignalWatcher::~SignalWatcher() {
  stop_.store(true);
  watcher_.join();
  sigset_t set = watched_signals();
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

void SignalWatcher::watch() {
  sigset_t set = watched_signals();
  const timespec poll = {0, 200 * 1000 * 1000};  // how often to notice stop_
  while (!stop_.load()) {
    int signal = sigtimedwait(&set, nullptr, &poll);
    if (signal < 0) continue;

    std::string name = signal_name(signal);
    if (cancel_.cancelled()) {
      spdlog::warn("{} received again: the rollback continues so the environment stays whole",
                   name);
      continue;
    }
    spdlog::warn("{} received: stopping the release and rolling back", name);
    cancel_.cancel("interrupted by " + name);
  }
}

}  // namespace chora
