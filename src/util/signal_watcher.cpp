#include "util/signal_watcher.hpp"

#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstring>
#include <ctime>
#include <string>

namespace chora {
namespace {

sigset_t watched_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
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

    std::string name = signal == SIGINT ? "SIGINT" : "SIGTERM";
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
