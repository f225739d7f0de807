#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "docker/endpoint.hpp"
#include "docker/engine.hpp"
#include "docker/exec_session.hpp"
#include "docker/http_transport.hpp"

namespace chora::docker {

// Talks to a Docker Engine over its HTTP API (Boost.Beast over a unix socket or TCP).
// The API version is negotiated once, lazily, with GET /_ping: min(1.41, the engine's
// Api-Version), and every path is then prefixed with it. Safe to use from several
// threads: each call uses its own connection.
//
// exec runs create, an attached start and inspect, all within its timeout; the start's
// connection is hijacked by the engine and read raw until it closes. subscribe negotiates
// at once (an unreachable engine throws there) and then follows GET /events on a thread and
// connection of the subscription's own (event_stream.hpp), from a second before the call.
class DockerClient : public Engine {
 public:
  // Default: 30s per call (a start under load can take over a second).
  explicit DockerClient(Endpoint endpoint,
                        std::chrono::milliseconds call_timeout = std::chrono::seconds(30));

  const Endpoint& endpoint() const { return endpoint_; }

  EngineVersion version() override;
  std::optional<ImageInfo> inspect_image(const std::string& reference) override;
  std::string create_container(const ContainerSpec& spec) override;
  void start_container(const std::string& id) override;
  void stop_container(const std::string& id, std::chrono::seconds timeout) override;
  void remove_container(const std::string& id, bool force) override;
  std::optional<ContainerDetails> inspect_container(const std::string& id) override;
  std::vector<ContainerSummary> list_containers(const Labels& labels, bool all) override;
  std::string container_logs(const std::string& id, int lines) override;
  ExecResult exec(const std::string& container_id, const std::vector<std::string>& command,
                  std::chrono::milliseconds timeout, const CancelToken* cancel) override;
  std::unique_ptr<EventSubscription> subscribe(
      const EventFilter& filter, std::function<void(const EngineEvent&)> on_event,
      std::function<void(const std::string&)> on_lost) override;
  std::optional<NetworkInfo> inspect_network(const std::string& name) override;
  std::string create_network(const std::string& name, const Labels& labels) override;
  void remove_network(const std::string& name) override;

 private:
  // "/v1.41" once negotiated.
  const std::string& api_prefix();

  // Pings the engine (unversioned) and returns the API version to speak.
  std::string negotiate();

  // Sends `method path` (path without version prefix) and returns the response when its
  // status is below 400 or listed in `accepted`; otherwise throws EngineError. A zero
  // `timeout` means call_timeout_.
  HttpResponse call(const std::string& method, const std::string& path,
                    const std::string& json_body = "", std::vector<int> accepted = {},
                    std::chrono::milliseconds timeout = std::chrono::milliseconds::zero());

  // send_request, with a failure to reach the engine phrased for a person.
  HttpResponse send(const HttpRequest& request, std::chrono::milliseconds timeout);

  // exec's steps after the create: the attached start, and the exit code once the engine
  // has recorded it (nothing if it has not by `deadline`).
  AttachedOutput start_exec(const std::string& exec_id,
                            std::chrono::steady_clock::time_point deadline,
                            const CancelToken* cancel);
  std::optional<int> exec_exit_code(const std::string& exec_id,
                                    std::chrono::steady_clock::time_point deadline);

  Endpoint endpoint_;
  std::chrono::milliseconds call_timeout_;
  // Guards api_prefix_ until negotiation has succeeded. Not std::call_once: a failed
  // negotiation must be retried, and call_once after a throw hangs on some platforms and
  // under ThreadSanitizer (GCC bug 66146).
  std::mutex negotiation_mutex_;
  std::string api_prefix_;  // "" until negotiated; never changes after
};

}  // namespace chora::docker
