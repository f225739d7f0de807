#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "util/cancel.hpp"

namespace chora::docker {

using Labels = std::map<std::string, std::string>;

// What the engine says about itself (GET /version, after negotiation).
struct EngineVersion {
  std::string version;          // "20.10.24+dfsg1"
  std::string api_version;      // highest the engine speaks, "1.41"
  std::string min_api_version;  // "1.12"
  std::string negotiated;       // what this client uses, "1.41"
  std::string os;
  std::string arch;
};

// A locally present image (GET /images/{name}/json).
struct ImageInfo {
  std::string id;  // "sha256:..."
  std::vector<std::string> repo_tags;
  bool has_healthcheck = false;  // Config.Healthcheck.Test set and not ["NONE"]
};

// A port published on the host, "127.0.0.1:8081 -> 80/tcp".
struct PublishedPort {
  std::string host_ip;  // "" or "0.0.0.0" means all interfaces
  std::uint16_t host_port = 0;
  std::uint16_t container_port = 0;
  std::string protocol = "tcp";
};

// Docker's own HEALTHCHECK for a container (Config.Healthcheck). Zero durations and
// retries mean "the image's value, else Docker's default".
struct HealthcheckConfig {
  std::vector<std::string> test;  // ["CMD", argv...], ["CMD-SHELL", "line"] or ["NONE"]
  std::chrono::milliseconds interval{0};
  std::chrono::milliseconds timeout{0};
  std::chrono::milliseconds start_period{0};
  int retries = 0;
};

// A host file or directory bound into the container (HostConfig.Mounts, type bind). A
// missing source makes the create fail, rather than Docker creating an empty directory.
struct BindMount {
  std::string source;  // absolute host path
  std::string target;  // absolute path in the container
  bool read_only = true;
};

// Everything needed to create one container (POST /containers/create). The client adds
// ExposedPorts for every published port, since the engine silently ignores bindings
// without them.
struct ContainerSpec {
  std::string name;
  std::string image;                 // "chora/indexer:2.1.0"
  std::vector<std::string> env;      // "KEY=VALUE"
  std::vector<std::string> command;  // empty: the image's CMD
  Labels labels;
  std::vector<PublishedPort> ports;
  std::string network;               // user-defined network to attach at create
  std::vector<std::string> aliases;  // DNS aliases on `network`
  std::chrono::seconds stop_timeout{10};
  std::optional<HealthcheckConfig> healthcheck;  // unset: the image's
  std::vector<BindMount> mounts;
};

// One row of GET /containers/json.
struct ContainerSummary {
  std::string id;
  std::string name;  // without the leading '/'
  std::string image;
  std::string state;   // created|running|paused|restarting|removing|exited|dead
  std::string status;  // "Up 5 minutes (healthy)"
  Labels labels;
  std::vector<PublishedPort> ports;
};

// Runtime state of a container (the State object of GET /containers/{id}/json).
struct ContainerState {
  std::string status;  // created|running|paused|restarting|removing|exited|dead
  bool running = false;
  bool restarting = false;
  bool oom_killed = false;
  int exit_code = 0;
  std::string error;                  // State.Error, set when start failed
  std::string started_at;             // RFC 3339
  std::string finished_at;            // RFC 3339; "0001-01-01T00:00:00Z" while running
  std::optional<std::string> health;  // starting|healthy|unhealthy; absent without a check
  std::string last_health_output;     // Output of the newest Health.Log entry
};

// Attachment of a container to one network.
struct NetworkAttachment {
  std::string ip_address;
  std::vector<std::string> aliases;
};

// GET /containers/{id}/json, the parts chora-deploy reads.
struct ContainerDetails {
  std::string id;
  std::string name;   // without the leading '/'
  std::string image;  // Config.Image as created, "chora/indexer:2.1.0"
  std::string image_id;
  Labels labels;
  ContainerState state;
  int restart_count = 0;
  bool has_healthcheck = false;
  std::map<std::string, NetworkAttachment> networks;
};

// A network (GET /networks/{id}).
struct NetworkInfo {
  std::string id;
  std::string name;
  std::string driver;
  Labels labels;
};

// What a command run inside a container (Docker exec) left behind.
struct ExecResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr, interleaved
};

// One event of the engine's event stream (GET /events), for a container.
struct EngineEvent {
  std::string action;        // "start", "die", "oom", "health_status: healthy", ...
  std::string container_id;  // Actor.ID
  std::map<std::string, std::string> attributes;  // Actor.Attributes: labels, exitCode, name
  std::int64_t time_nano = 0;
};

// Which container events a subscription receives: containers carrying every label in
// `labels`, and only the actions listed (an empty list: every action).
struct EventFilter {
  Labels labels;
  std::vector<std::string> actions;  // "die", "oom", "health_status", "start", ...
};

// A live subscription to the engine's event stream. Events arrive, in order, on a
// thread of the subscription's own until it is destroyed.
class EventSubscription {
 public:
  virtual ~EventSubscription() = default;
};

// The parts of the Docker Engine API chora-deploy uses. The real implementation is
// DockerClient; tests of orchestration logic may substitute a fake. Every method is safe
// to call from several threads at once. Failures throw EngineError (see errors.hpp).
class Engine {
 public:
  virtual ~Engine() = default;

  // Pings the engine and reports its version; throws kEngineUnreachable if none answers.
  virtual EngineVersion version() = 0;

  // Nothing when the image is not present locally.
  virtual std::optional<ImageInfo> inspect_image(const std::string& reference) = 0;

  // Returns the new container's id.
  virtual std::string create_container(const ContainerSpec& spec) = 0;
  // Already running counts as success.
  virtual void start_container(const std::string& id) = 0;
  // Already stopped counts as success. Blocks until stopped.
  virtual void stop_container(const std::string& id, std::chrono::seconds timeout) = 0;
  // With `force`, a running container is killed first. Anonymous volumes go too.
  // A container that no longer exists counts as success.
  virtual void remove_container(const std::string& id, bool force) = 0;
  // Nothing when no such container exists.
  virtual std::optional<ContainerDetails> inspect_container(const std::string& id) = 0;
  // Containers carrying every label in `labels` ("key" => "value"; an empty value
  // matches any value). With `all`, stopped containers too.
  virtual std::vector<ContainerSummary> list_containers(const Labels& labels, bool all) = 0;
  // The last `lines` lines of stdout and stderr, interleaved, as text.
  virtual std::string container_logs(const std::string& id, int lines) = 0;

  // Runs `command` in the running container and waits up to `timeout` for it to end, or
  // until `cancel` (when not null) is cancelled. Throws EngineError when the container is
  // not running; an exec that outlives the timeout, or is stopped waiting for, is
  // reported with exit code -1 and output saying so.
  virtual ExecResult exec(const std::string& container_id, const std::vector<std::string>& command,
                          std::chrono::milliseconds timeout, const CancelToken* cancel) = 0;

  // Follows the engine's events matching `filter` from about a second before the call
  // (so that none right after it is missed), calling `on_event` for each, deduplicated.
  // A broken stream is reopened where it left off; when that fails, `on_lost` is called
  // once with the reason and no more events come. Callbacks run on the subscription's
  // thread and must return quickly.
  virtual std::unique_ptr<EventSubscription> subscribe(
      const EventFilter& filter, std::function<void(const EngineEvent&)> on_event,
      std::function<void(const std::string&)> on_lost) = 0;

  // Nothing when no such network exists.
  virtual std::optional<NetworkInfo> inspect_network(const std::string& name) = 0;
  // A bridge network; returns its id. Refuses duplicates (CheckDuplicate).
  virtual std::string create_network(const std::string& name, const Labels& labels) = 0;
  // A network that no longer exists counts as success.
  virtual void remove_network(const std::string& name) = 0;
};

}  // namespace chora::docker
