#include "docker/event_messages.hpp"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace chora::docker {

namespace {

using nlohmann::json;

constexpr std::int64_t kNanosPerSecond = 1'000'000'000;

// `object[key]` when `object` is an object holding a string there; else "".
std::string string_at(const json& object, const char* key) {
  if (!object.is_object()) {
    return {};
  }
  const auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

std::map<std::string, std::string> attributes_of(const json& actor) {
  std::map<std::string, std::string> attributes;
  const auto found = actor.find("Attributes");
  if (found == actor.end() || !found->is_object()) {
    return attributes;
  }
  for (const auto& [key, value] : found->items()) {
    attributes[key] = value.is_string() ? value.get<std::string>() : value.dump();
  }
  return attributes;
}

// timeNano, or `time` in seconds from an engine too old to send it.
std::int64_t time_nano_of(const json& message) {
  const auto nano = message.find("timeNano");
  if (nano != message.end() && nano->is_number_integer()) {
    return nano->get<std::int64_t>();
  }
  const auto seconds = message.find("time");
  if (seconds != message.end() && seconds->is_number_integer()) {
    return seconds->get<std::int64_t>() * kNanosPerSecond;
  }
  return 0;
}

bool action_listed(const std::vector<std::string>& actions, const std::string& action) {
  if (actions.empty()) {
    return true;
  }
  return std::any_of(actions.begin(), actions.end(), [&](const std::string& wanted) {
    return action == wanted || action.starts_with(wanted + ":");
  });
}

bool labels_carried(const Labels& labels, const std::map<std::string, std::string>& attributes) {
  return std::all_of(labels.begin(), labels.end(), [&](const auto& label) {
    const auto found = attributes.find(label.first);
    return found != attributes.end() && (label.second.empty() || found->second == label.second);
  });
}

}  // namespace

std::string event_filters_json(const EventFilter& filter) {
  json filters = {{"type", {"container"}}};
  for (const auto& [key, value] : filter.labels) {
    filters["label"].push_back(value.empty() ? key : key + "=" + value);
  }
  for (const std::string& action : filter.actions) {
    filters["event"].push_back(action);
  }
  return filters.dump();
}

std::string unix_seconds(std::int64_t time_nano) {
  const std::int64_t seconds = time_nano / kNanosPerSecond;
  const std::int64_t nanos = time_nano % kNanosPerSecond;
  char text[48];
  std::snprintf(text, sizeof text, "%lld.%09lld", static_cast<long long>(seconds),
                static_cast<long long>(nanos));
  return text;
}

std::vector<std::string> LineSplitter::feed(std::string_view bytes) {
  std::vector<std::string> lines;
  while (!bytes.empty()) {
    const std::size_t end = bytes.find('\n');
    const std::string_view part = bytes.substr(0, end);
    if (!dropping_) {
      pending_.append(part);
    }
    if (pending_.size() > kMaxLine) {
      pending_.clear();
      dropping_ = true;
    }
    if (end == std::string_view::npos) {
      break;
    }

    if (!dropping_ && !pending_.empty()) {
      lines.push_back(std::move(pending_));
    }
    pending_.clear();
    dropping_ = false;
    bytes.remove_prefix(end + 1);
  }
  return lines;
}

std::optional<EngineEvent> engine_event_from_json(std::string_view line) {
  const json message = json::parse(line, nullptr, false);
  if (!message.is_object() || string_at(message, "Type") != "container") {
    return std::nullopt;
  }
  const auto actor = message.find("Actor");
  if (actor == message.end() || !actor->is_object()) {
    return std::nullopt;
  }

  EngineEvent event;
  event.action = string_at(message, "Action");
  event.container_id = string_at(*actor, "ID");
  if (event.action.empty() || event.container_id.empty()) {
    return std::nullopt;
  }
  event.attributes = attributes_of(*actor);
  event.time_nano = time_nano_of(message);
  return event;
}

bool event_matches(const EventFilter& filter, const EngineEvent& event) {
  return action_listed(filter.actions, event.action) &&
         labels_carried(filter.labels, event.attributes);
}

bool EventDeduplicator::first_sighting(const EngineEvent& event) {
  Key key{event.time_nano, event.container_id, event.action};
  if (!seen_.insert(key).second) {
    return false;
  }

  order_.push_back(std::move(key));
  if (order_.size() > capacity_) {
    seen_.erase(order_.front());
    order_.pop_front();
  }
  return true;
}

}  // namespace chora::docker
