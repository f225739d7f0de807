#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "docker/endpoint.hpp"
#include "docker/engine.hpp"

namespace chora::docker {

// How a subscription opens and reopens the engine's event stream.
struct EventStreamOptions {
  // For connecting and reading the answer's header. The body has no limit: the engine sends
  // no heartbeat, so a healthy stream can be silent for hours.
  std::chrono::milliseconds open_timeout{std::chrono::seconds(30)};
  // Consecutive failures to reopen a broken stream before giving up. A stream that worked
  // for a while (delivered an event, or stayed open two seconds) starts a fresh count.
  int reopen_attempts = 3;
  // Wait before the first reopening; doubled for each further one.
  std::chrono::milliseconds first_backoff{100};
};

// Follows GET {api_prefix}/events on `endpoint` with `filter`, from `since_nano` (Unix time
// in nanoseconds), on a thread and connection of the subscription's own: the Engine::subscribe
// contract (engine.hpp). Each event that passes the filter is given to `on_event` once, in
// the engine's order; a broken stream is reopened from the last event's timeNano, so its
// replay closes the gap and the repeats are dropped. When reopening fails
// `options.reopen_attempts` times, `on_lost` gets the reason once and the thread ends.
//
// Destroying the subscription stops the thread at once, even in the middle of a read, and
// no callback runs after the destructor has returned. It may also be destroyed from inside
// its own callbacks. A callback that throws ends the subscription as lost.
std::unique_ptr<EventSubscription> follow_events(Endpoint endpoint, std::string api_prefix,
                                                 EventFilter filter, std::int64_t since_nano,
                                                 std::function<void(const EngineEvent&)> on_event,
                                                 std::function<void(const std::string&)> on_lost,
                                                 EventStreamOptions options = {});

}  // namespace chora::docker
