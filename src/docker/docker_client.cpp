#include "docker/docker_client.hpp"

#include <algorithm>
#include <thread>
#include <utility>

#include "docker/api_version.hpp"
#include "docker/errors.hpp"
#include "docker/event_stream.hpp"
#include "docker/exec_session.hpp"
#include "docker/json_models.hpp"
#include "docker/log_frames.hpp"
#include "docker/query.hpp"
#include "docker/request_bodies.hpp"

namespace chora::docker {

namespace {

using Clock = std::chrono::steady_clock;

// stop blocks for up to its own timeout; this much more covers the kill and clean-up.
constexpr std::chrono::seconds kStopMargin{30};

constexpr std::string_view kUnreachableHint =
    " (is dockerd running? DOCKER_HOST selects another engine)";

// Reads an answer, naming the call when it is not what was expected.
template <typename Parse>
auto decode(const std::string& call, const HttpResponse& response, Parse parse) {
  return with_context(call, [&] { return parse(response.body); });
}

std::string container_path(const std::string& id, std::string_view rest = "") {
  return "/containers/" + percent_encode(id) + std::string(rest);
}

// A TransportError of `method target` phrased for a person, kind kEngineUnreachable.
Error unreachable(const Endpoint& endpoint, const std::string& method, const std::string& target,
                  const TransportError& error) {
  const std::string where = endpoint.to_string();
  const std::string cause = error.step() + ": " + error.cause();
  if (error.step() == "resolve" || error.step() == "connect") {
    return Error(ErrorKind::kEngineUnreachable, "no Docker engine answers at " + where + ": " +
                                                    cause + std::string(kUnreachableHint));
  }
  // Connected, then lost: the engine may be overloaded or have stopped mid-call.
  return Error(ErrorKind::kEngineUnreachable, "the Docker engine at " + where +
                                                  " did not finish answering " + method + " " +
                                                  target + ": " + cause);
}

// What is left of the time until `deadline`, at least 1ms: call() takes zero to mean its
// own default.
std::chrono::milliseconds time_left(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return std::max(left, std::chrono::milliseconds(1));
}

// "500ms", "2s".
std::string describe_duration(std::chrono::milliseconds duration) {
  const auto ms = duration.count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + "s" : std::to_string(ms) + "ms";
}

// The exec API has no way to stop the process, so a command that outlives its timeout, or
// whose caller stops waiting, keeps running in the container until it ends by itself or
// the container stops. `why` says why the wait ended.
ExecResult unfinished(const std::string& why, const std::string& output_so_far) {
  std::string output = why + " (the command may still be running in the container)";
  if (!output_so_far.empty()) {
    output += "; its output so far:\n" + output_so_far;
  }
  return {-1, keep_tail(std::move(output), kExecOutputLimit)};
}

ExecResult timed_out(std::chrono::milliseconds timeout, const std::string& output_so_far) {
  return unfinished("timed out after " + describe_duration(timeout), output_so_far);
}

// The release failed or was interrupted.
ExecResult stopped_waiting(const std::string& reason, const std::string& output_so_far) {
  return unfinished("stopped waiting: " + reason, output_so_far);
}

// Before `since`, by this much: the engine sends the answer's header before it starts
// listening for events, so the replay closes that gap.
constexpr std::chrono::seconds kEventReplay{1};

std::int64_t unix_nanoseconds(std::chrono::system_clock::time_point time) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count();
}

}  // namespace

DockerClient::DockerClient(Endpoint endpoint, std::chrono::milliseconds call_timeout)
    : endpoint_(std::move(endpoint)), call_timeout_(call_timeout) {}

const std::string& DockerClient::api_prefix() {
  // Holding the lock while pinging makes concurrent first calls wait for one negotiation;
  // if it throws, the next call tries again.
  std::lock_guard lock(negotiation_mutex_);
  if (api_prefix_.empty()) {
    api_prefix_ = "/v" + negotiate();
  }
  return api_prefix_;
}

std::string DockerClient::negotiate() {
  const HttpRequest ping{"GET", "/_ping", "", ""};
  const HttpResponse response = send(ping, call_timeout_);
  if (response.status != 200) {
    throw EngineError("GET /_ping", response.status, daemon_message_from_body(response.body));
  }

  const auto reported = response.headers.find("api-version");
  const std::string version = reported == response.headers.end() ? "" : reported->second;
  return negotiate_api_version(version, endpoint_.to_string());
}

HttpResponse DockerClient::call(const std::string& method, const std::string& path,
                                const std::string& json_body, std::vector<int> accepted,
                                std::chrono::milliseconds timeout) {
  const std::string content_type = json_body.empty() ? "" : "application/json";
  const HttpRequest request{method, api_prefix() + path, json_body, content_type};
  HttpResponse response = send(request, timeout.count() > 0 ? timeout : call_timeout_);

  const bool accepted_status =
      std::find(accepted.begin(), accepted.end(), response.status) != accepted.end();
  if (response.status >= 400 && !accepted_status) {
    throw EngineError(method + " " + request.target, response.status,
                      daemon_message_from_body(response.body));
  }
  return response;
}

HttpResponse DockerClient::send(const HttpRequest& request, std::chrono::milliseconds timeout) {
  try {
    return send_request(endpoint_, request, timeout);
  } catch (const TransportError& error) {
    throw unreachable(endpoint_, request.method, request.target, error);
  }
}

EngineVersion DockerClient::version() {
  const std::string prefix = api_prefix();
  const HttpResponse response = call("GET", "/version");

  EngineVersion version = decode("GET " + prefix + "/version", response, engine_version_from_json);
  version.negotiated = prefix.substr(2);
  return version;
}

std::optional<ImageInfo> DockerClient::inspect_image(const std::string& reference) {
  const std::string path = "/images/" + percent_encode(reference) + "/json";
  const HttpResponse response = call("GET", path, "", {404});
  if (response.status == 404) {
    return std::nullopt;
  }
  return decode("GET " + api_prefix() + path, response, image_info_from_json);
}

std::string DockerClient::create_container(const ContainerSpec& spec) {
  const std::string name = spec.name.empty() ? "" : "?name=" + percent_encode(spec.name);
  const std::string path = "/containers/create" + name;
  const HttpResponse response = call("POST", path, container_create_body(spec));
  return decode("POST " + api_prefix() + path, response, created_id_from_json);
}

void DockerClient::start_container(const std::string& id) {
  // 304: already running.
  call("POST", container_path(id, "/start"), "", {304});
}

void DockerClient::stop_container(const std::string& id, std::chrono::seconds timeout) {
  // The engine waits up to `timeout` for the process before killing it, so the call itself
  // must be allowed to last longer than that. 304: already stopped.
  const std::chrono::milliseconds call_timeout =
      std::max<std::chrono::milliseconds>(call_timeout_, timeout + kStopMargin);
  const std::string path = container_path(id, "/stop?t=" + std::to_string(timeout.count()));
  call("POST", path, "", {304}, call_timeout);
}

void DockerClient::remove_container(const std::string& id, bool force) {
  // v=1 removes anonymous volumes too; 404: already gone.
  const std::string query = force ? "?force=1&v=1" : "?v=1";
  call("DELETE", container_path(id, query), "", {404});
}

std::optional<ContainerDetails> DockerClient::inspect_container(const std::string& id) {
  const std::string path = container_path(id, "/json");
  const HttpResponse response = call("GET", path, "", {404});
  if (response.status == 404) {
    return std::nullopt;
  }
  return decode("GET " + api_prefix() + path, response, container_details_from_json);
}

std::vector<ContainerSummary> DockerClient::list_containers(const Labels& labels, bool all) {
  std::string query = all ? "?all=1" : "";
  if (!labels.empty()) {
    query += query.empty() ? "?" : "&";
    query += "filters=" + percent_encode(label_filters_json(labels));
  }

  const std::string path = "/containers/json" + query;
  const HttpResponse response = call("GET", path);
  return decode("GET " + api_prefix() + path, response, container_summaries_from_json);
}

std::string DockerClient::container_logs(const std::string& id, int lines) {
  const std::string tail = lines < 0 ? "all" : std::to_string(lines);
  const HttpResponse response =
      call("GET", container_path(id, "/logs?stdout=1&stderr=1&tail=" + tail));
  return demultiplex_logs(response.body);
}

std::optional<NetworkInfo> DockerClient::inspect_network(const std::string& name) {
  const std::string path = "/networks/" + percent_encode(name);
  const HttpResponse response = call("GET", path, "", {404});
  if (response.status == 404) {
    return std::nullopt;
  }
  return decode("GET " + api_prefix() + path, response, network_info_from_json);
}

std::string DockerClient::create_network(const std::string& name, const Labels& labels) {
  const HttpResponse response = call("POST", "/networks/create", network_create_body(name, labels));
  return decode("POST " + api_prefix() + "/networks/create", response, created_id_from_json);
}

void DockerClient::remove_network(const std::string& name) {
  // 404: already gone.
  call("DELETE", "/networks/" + percent_encode(name), "", {404});
}

ExecResult DockerClient::exec(const std::string& container_id,
                              const std::vector<std::string>& command,
                              std::chrono::milliseconds timeout, const CancelToken* cancel) {
  // A smoke command is a real request: none is sent for a release that already stopped.
  if (cancel != nullptr && cancel->cancelled()) return stopped_waiting(cancel->reason(), "");
  const Clock::time_point deadline = Clock::now() + timeout;
  try {
    // A container that is not running refuses the create with a 409, which goes up as is.
    const std::string path = container_path(container_id, "/exec");
    const HttpResponse created =
        call("POST", path, exec_create_body(command), {}, time_left(deadline));
    const std::string exec_id =
        decode("POST " + api_prefix() + path, created, created_id_from_json);

    const AttachedOutput attached = start_exec(exec_id, deadline, cancel);
    if (attached.stopped) {
      return stopped_waiting(cancel->reason(), attached.output);
    }
    if (!attached.ended) {
      return timed_out(timeout, attached.output);
    }
    const std::optional<int> exit_code = exec_exit_code(exec_id, deadline);
    if (!exit_code) {
      return timed_out(timeout, attached.output);
    }
    return {*exit_code, attached.output};
  } catch (const Error& error) {
    // A call cut off by the deadline means the exec outlived its timeout, not a lost engine.
    if (error.kind() == ErrorKind::kEngineUnreachable && Clock::now() >= deadline) {
      return timed_out(timeout, "");
    }
    throw;
  }
}

AttachedOutput DockerClient::start_exec(const std::string& exec_id, Clock::time_point deadline,
                                        const CancelToken* cancel) {
  const std::string target = api_prefix() + "/exec/" + percent_encode(exec_id) + "/start";
  try {
    return run_attached_exec(endpoint_, target, deadline, cancel);
  } catch (const TransportError& error) {
    throw unreachable(endpoint_, "POST", target, error);
  }
}

std::optional<int> DockerClient::exec_exit_code(const std::string& exec_id,
                                                Clock::time_point deadline) {
  // The stream ends as the process exits; the engine may record the exit code a moment
  // later, so a "Running":true right after is asked again until the deadline.
  const std::string path = "/exec/" + percent_encode(exec_id) + "/json";
  while (true) {
    const HttpResponse response = call("GET", path, "", {}, time_left(deadline));
    const std::optional<int> exit_code =
        decode("GET " + api_prefix() + path, response, exec_exit_code_from_json);
    if (exit_code || Clock::now() >= deadline) {
      return exit_code;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

std::unique_ptr<EventSubscription> DockerClient::subscribe(
    const EventFilter& filter, std::function<void(const EngineEvent&)> on_event,
    std::function<void(const std::string&)> on_lost) {
  // Negotiated here, so that an engine that cannot be reached fails the call itself, as it
  // does every other call; what happens to the stream later goes to on_lost.
  const std::string prefix = api_prefix();
  // TODO: `since` is read from this host's clock; an engine on another host whose clock is
  // more than kEventReplay behind would skip the first events. Engines are local so far.
  const std::int64_t since = unix_nanoseconds(std::chrono::system_clock::now() - kEventReplay);
  EventStreamOptions options;
  options.open_timeout = call_timeout_;
  return follow_events(endpoint_, prefix, filter, since, std::move(on_event), std::move(on_lost),
                       options);
}

}  // namespace chora::docker
