#include "health/container_watch.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "plan/labels.hpp"
#include "util/error.hpp"

namespace chora::health {
namespace {

using std::chrono::milliseconds;

// How often a waiter looks at its cancel token, which has no way to wake it.
constexpr milliseconds kCancelSlice{100};

}  // namespace

ContainerWatch::ContainerWatch(docker::Engine& engine, const std::string& environment) {
  docker::EventFilter filter;
  filter.labels = {{std::string(plan::labels::kEnvironment), environment}};
  filter.actions = {"start", "die", "oom", "kill", "restart", "health_status"};
  live_ = true;
  try {
    subscription_ = engine.subscribe(
        filter, [this](const docker::EngineEvent& event) { on_event(event); },
        [this](const std::string& reason) { on_lost(reason); });
  } catch (const Error& error) {
    on_lost(error.what());
  }
}

ContainerWatch::~ContainerWatch() {
  subscription_.reset();  // no callback runs after this
}

void ContainerWatch::on_event(const docker::EngineEvent& event) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++counts_[event.container_id];
  }
  changed_.notify_all();
}

void ContainerWatch::on_lost(const std::string& reason) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!live_) return;
    live_ = false;
    lost_reason_ = reason;
  }
  // Said once, when it happens: gates keep working, only more slowly to notice.
  spdlog::warn("not following the engine's events ({}); gates look every interval instead", reason);
  changed_.notify_all();
}

bool ContainerWatch::live() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return live_;
}

std::string ContainerWatch::lost_reason() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return lost_reason_;
}

std::uint64_t ContainerWatch::events_seen(const std::string& container_id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = counts_.find(container_id);
  return found == counts_.end() ? 0 : found->second;
}

bool ContainerWatch::wait_for_change(const std::string& container_id, std::uint64_t seen,
                                     milliseconds timeout, CancelToken& cancel) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    if (cancel.cancelled()) return false;
    auto found = counts_.find(container_id);
    if (found != counts_.end() && found->second > seen) return true;
    auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return true;
    auto slice = std::min<std::chrono::steady_clock::duration>(deadline - now, kCancelSlice);
    changed_.wait_for(lock, slice);
  }
}

}  // namespace chora::health
