#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "docker/engine.hpp"
#include "util/cancel.hpp"

namespace chora::health {

// Follows the engine's event stream for one environment's containers, so that a gate
// learns within milliseconds that its container died, was OOM-killed or turned
// (un)healthy, instead of at its next look. Gates sleep in wait_for_change, which
// returns at once when something happens to their container. Without a stream (it could
// not be opened or was lost), waits simply last their whole time, and gates fall back to
// looking on every interval.
class ContainerWatch {
 public:
  // Subscribes to die, oom, start, restart, kill and health_status events of containers
  // labelled with `environment`.
  ContainerWatch(docker::Engine& engine, const std::string& environment);
  ~ContainerWatch();

  ContainerWatch(const ContainerWatch&) = delete;
  ContainerWatch& operator=(const ContainerWatch&) = delete;

  // Sleeps until an event about `container_id` arrives after `seen` (a count from
  // events_seen), `timeout` passes, or `cancel` is set. Returns false when cancelled.
  bool wait_for_change(const std::string& container_id, std::uint64_t seen,
                       std::chrono::milliseconds timeout, CancelToken& cancel);

  // How many events about `container_id` have arrived so far; a container id may be a
  // prefix-free full id only.
  std::uint64_t events_seen(const std::string& container_id) const;

  // True while the stream is followed; else why not.
  bool live() const;
  std::string lost_reason() const;

 private:
  void on_event(const docker::EngineEvent& event);
  void on_lost(const std::string& reason);

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, std::uint64_t> counts_;
  bool live_ = false;
  std::string lost_reason_;
  std::unique_ptr<docker::EventSubscription> subscription_;
};

}  // namespace chora::health
