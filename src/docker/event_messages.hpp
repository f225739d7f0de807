#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "docker/engine.hpp"

namespace chora::docker {

// The pieces of following GET /events that involve no connection: the query, the NDJSON
// lines of the body, the events in them, and their duplicates.

// The `filters` value for `filter`: container events only, every label required, any of
// the actions: {"type":["container"],"label":["k=v","k2"],"event":["die","health_status"]}.
// Only keys the engine knows are used: it silently ignores an unknown key and then streams
// every event it has. An empty label value matches any value, as in label_filters_json.
std::string event_filters_json(const EventFilter& filter);

// `time_nano` as the fractional Unix seconds that `since` takes: "1796302891.500000000".
// Exact: the engine reads the fraction as nanoseconds, so no double is involved.
std::string unix_seconds(std::int64_t time_nano);

// Cuts a byte stream into lines (NDJSON); a line may be split anywhere between reads.
class LineSplitter {
 public:
  // A line longer than this is dropped rather than held without end: no event is that big.
  static constexpr std::size_t kMaxLine = 1024 * 1024;

  // Adds `bytes` and returns the lines they complete, without "\n"; empty lines are skipped.
  std::vector<std::string> feed(std::string_view bytes);

 private:
  std::string pending_;
  bool dropping_ = false;  // inside a line that grew past kMaxLine
};

// One line of the body as an event. Nothing when the line is not JSON, not about a container
// (Type), or lacks Action or Actor.ID. Action is kept whole ("health_status: healthy"),
// timeNano is read as an integer (it exceeds what a double holds exactly), and attributes
// that are not strings are kept as their JSON text.
std::optional<EngineEvent> engine_event_from_json(std::string_view line);

// Whether `event` passes `filter` as the engine applies it: every label present (with the
// value, when one is given) among the attributes, and the action listed, where "health_status"
// also stands for "health_status: healthy". The engine filters already; checking again keeps
// a stream that came back unfiltered from reaching the caller.
bool event_matches(const EventFilter& filter, const EngineEvent& event);

// Remembers the most recent events by (timeNano, Actor.ID, Action), the key the engine's
// events are unique by, to drop those a reopened stream replays.
class EventDeduplicator {
 public:
  explicit EventDeduplicator(std::size_t capacity = 4096) : capacity_(capacity) {}

  // True the first time an event is seen; false for a repeat of one still remembered.
  bool first_sighting(const EngineEvent& event);

 private:
  using Key = std::tuple<std::int64_t, std::string, std::string>;

  std::size_t capacity_;
  std::set<Key> seen_;
  std::deque<Key> order_;  // oldest first, to forget in the order seen
};

}  // namespace chora::docker
