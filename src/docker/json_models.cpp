#include "docker/json_models.hpp"

#include <nlohmann/json.hpp>

#include "util/error.hpp"

namespace chora::docker {

namespace {

using nlohmann::json;

json parse(std::string_view body) {
  try {
    return json::parse(body);
  } catch (const json::parse_error& error) {
    throw Error(ErrorKind::kEngine, std::string("the answer is not JSON: ") + error.what());
  }
}

// `object[key]`, or null when `object` is not an object or lacks the key.
const json& member(const json& object, const char* key) {
  static const json kNull;
  if (!object.is_object()) {
    return kNull;
  }
  const auto found = object.find(key);
  return found == object.end() ? kNull : *found;
}

template <typename T>
T value_of(const json& object, const char* key, T fallback = T()) {
  const json& value = member(object, key);
  if (value.is_null()) {
    return fallback;
  }
  try {
    return value.get<T>();
  } catch (const json::exception&) {
    throw Error(ErrorKind::kEngine, std::string("the field \"") + key + "\" holds a " +
                                        value.type_name() + ", which is not what was expected");
  }
}

using Strings = std::vector<std::string>;

std::string without_slash(std::string name) {
  return name.starts_with('/') ? name.substr(1) : name;
}

// Config.Healthcheck.Test: [] inherits nothing here and ["NONE"] turns the check off.
bool has_healthcheck(const json& config) {
  const Strings test = value_of<Strings>(member(config, "Healthcheck"), "Test");
  return !test.empty() && !(test.size() == 1 && test.front() == "NONE");
}

ContainerState container_state(const json& state) {
  ContainerState result;
  result.status = value_of<std::string>(state, "Status");
  result.running = value_of<bool>(state, "Running");
  result.restarting = value_of<bool>(state, "Restarting");
  result.oom_killed = value_of<bool>(state, "OOMKilled");
  result.exit_code = value_of<int>(state, "ExitCode");
  result.error = value_of<std::string>(state, "Error");
  result.started_at = value_of<std::string>(state, "StartedAt");
  result.finished_at = value_of<std::string>(state, "FinishedAt");

  // Health is absent when the container has no check; Log holds the newest probe last.
  const json& health = member(state, "Health");
  if (health.is_object()) {
    result.health = value_of<std::string>(health, "Status");
    const json& log = member(health, "Log");
    if (log.is_array() && !log.empty()) {
      result.last_health_output = value_of<std::string>(log.back(), "Output");
    }
  }
  return result;
}

std::map<std::string, NetworkAttachment> network_attachments(const json& networks) {
  std::map<std::string, NetworkAttachment> result;
  if (!networks.is_object()) {
    return result;
  }
  for (const auto& [name, settings] : networks.items()) {
    NetworkAttachment& attachment = result[name];
    attachment.ip_address = value_of<std::string>(settings, "IPAddress");
    attachment.aliases = value_of<Strings>(settings, "Aliases");
  }
  return result;
}

// Ports of a list row; entries without PublicPort are exposed but not published.
std::vector<PublishedPort> published_ports(const json& ports) {
  std::vector<PublishedPort> result;
  if (!ports.is_array()) {
    return result;
  }
  for (const json& port : ports) {
    if (member(port, "PublicPort").is_null()) {
      continue;
    }
    PublishedPort& published = result.emplace_back();
    published.host_ip = value_of<std::string>(port, "IP");
    published.host_port = value_of<std::uint16_t>(port, "PublicPort");
    published.container_port = value_of<std::uint16_t>(port, "PrivatePort");
    published.protocol = value_of<std::string>(port, "Type", "tcp");
  }
  return result;
}

ContainerSummary container_summary(const json& row) {
  ContainerSummary summary;
  summary.id = value_of<std::string>(row, "Id");
  const Strings names = value_of<Strings>(row, "Names");
  summary.name = names.empty() ? std::string() : without_slash(names.front());
  summary.image = value_of<std::string>(row, "Image");
  summary.state = value_of<std::string>(row, "State");
  summary.status = value_of<std::string>(row, "Status");
  summary.labels = value_of<Labels>(row, "Labels");
  summary.ports = published_ports(member(row, "Ports"));
  return summary;
}

}  // namespace

EngineVersion engine_version_from_json(std::string_view body) {
  const json answer = parse(body);
  EngineVersion version;
  version.version = value_of<std::string>(answer, "Version");
  version.api_version = value_of<std::string>(answer, "ApiVersion");
  version.min_api_version = value_of<std::string>(answer, "MinAPIVersion");
  version.os = value_of<std::string>(answer, "Os");
  version.arch = value_of<std::string>(answer, "Arch");
  return version;
}

ImageInfo image_info_from_json(std::string_view body) {
  const json answer = parse(body);
  ImageInfo image;
  image.id = value_of<std::string>(answer, "Id");
  image.repo_tags = value_of<Strings>(answer, "RepoTags");
  image.has_healthcheck = has_healthcheck(member(answer, "Config"));
  return image;
}

ContainerDetails container_details_from_json(std::string_view body) {
  const json answer = parse(body);
  const json& config = member(answer, "Config");
  ContainerDetails details;
  details.id = value_of<std::string>(answer, "Id");
  details.name = without_slash(value_of<std::string>(answer, "Name"));
  details.image = value_of<std::string>(config, "Image");
  details.image_id = value_of<std::string>(answer, "Image");
  details.labels = value_of<Labels>(config, "Labels");
  details.state = container_state(member(answer, "State"));
  details.restart_count = value_of<int>(answer, "RestartCount");
  details.has_healthcheck = has_healthcheck(config);
  details.networks = network_attachments(member(member(answer, "NetworkSettings"), "Networks"));
  return details;
}

std::vector<ContainerSummary> container_summaries_from_json(std::string_view body) {
  const json answer = parse(body);
  std::vector<ContainerSummary> summaries;
  if (!answer.is_array()) {
    throw Error(ErrorKind::kEngine, "the answer is not a JSON array of containers");
  }
  for (const json& row : answer) {
    summaries.push_back(container_summary(row));
  }
  return summaries;
}

NetworkInfo network_info_from_json(std::string_view body) {
  const json answer = parse(body);
  NetworkInfo network;
  network.id = value_of<std::string>(answer, "Id");
  network.name = value_of<std::string>(answer, "Name");
  network.driver = value_of<std::string>(answer, "Driver");
  network.labels = value_of<Labels>(answer, "Labels");
  return network;
}

std::string created_id_from_json(std::string_view body) {
  const std::string id = value_of<std::string>(parse(body), "Id");
  if (id.empty()) {
    throw Error(ErrorKind::kEngine, "the answer carries no Id");
  }
  return id;
}

std::string daemon_message_from_body(std::string_view body) {
  const json answer = json::parse(body, nullptr, false);
  const json& message = member(answer, "message");
  if (message.is_string()) {
    return message.get<std::string>();
  }

  const auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = body.find_last_not_of(" \t\r\n");
  return std::string(body.substr(first, last - first + 1));
}

}  // namespace chora::docker
