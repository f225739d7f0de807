// Event subscriptions against the real engine, directly and through the fault proxy.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include <boost/beast/http/status.hpp>
#include <catch2/catch.hpp>

#include "docker/docker_client.hpp"
#include "docker/errors.hpp"
#include "docker/event_messages.hpp"
#include "integration/docker/test_objects.hpp"
#include "support/fault_proxy.hpp"

using namespace chora;
using namespace chora::docker;
using testing::FaultProxy;

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

constexpr const char* kRunLabel = "io.chora-deploy.run";

DockerClient local_client() {
  return DockerClient(endpoint_from_environment());
}

// An event and when it reached the test, in Unix nanoseconds like its timeNano.
struct Received {
  EngineEvent event;
  std::int64_t received_nano = 0;
};

// Collects what a subscription delivers; the test waits on it from its own thread.
class Recorder {
 public:
  void event(const EngineEvent& event) {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    std::lock_guard lock(mutex_);
    events_.push_back({event, std::chrono::duration_cast<std::chrono::nanoseconds>(now).count()});
    changed_.notify_all();
  }
  void lost(const std::string& reason) {
    std::lock_guard lock(mutex_);
    reasons_.push_back(reason);
    changed_.notify_all();
  }

  std::unique_ptr<EventSubscription> subscribe(Engine& engine, const EventFilter& filter) {
    return engine.subscribe(
        filter, [this](const EngineEvent& e) { event(e); },
        [this](const std::string& reason) { lost(reason); });
  }

  // True once some delivered event has `action` for container `id`.
  bool wait_for(const std::string& id, const std::string& action,
                milliseconds limit = seconds(10)) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return count_locked(id, action) > 0; });
  }
  bool wait_lost(milliseconds limit) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] { return !reasons_.empty(); });
  }

  std::vector<Received> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  std::vector<std::string> reasons() const {
    std::lock_guard lock(mutex_);
    return reasons_;
  }
  std::vector<std::string> actions_of(const std::string& id) const {
    std::vector<std::string> actions;
    for (const Received& received : events()) {
      if (received.event.container_id == id) actions.push_back(received.event.action);
    }
    return actions;
  }
  Received first(const std::string& id, const std::string& action) const {
    for (const Received& received : events()) {
      if (received.event.container_id == id && received.event.action == action) return received;
    }
    FAIL("no " << action << " event for " << id);
    return {};
  }

 private:
  std::size_t count_locked(const std::string& id, const std::string& action) const {
    std::size_t count = 0;
    for (const Received& received : events_) {
      count += received.event.container_id == id && received.event.action == action;
    }
    return count;
  }

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Received> events_;
  std::vector<std::string> reasons_;
};

// A container of the test image that carries the run label `run` (none when empty).
ContainerSpec run_container(const std::string& name, const std::string& run,
                            std::vector<std::string> command = {}) {
  ContainerSpec spec = test::test_container(name, std::move(command));
  if (!run.empty()) {
    spec.labels[kRunLabel] = run;
  }
  return spec;
}

EventFilter run_filter(const std::string& run, std::vector<std::string> actions) {
  EventFilter filter;
  filter.labels = {{kRunLabel, run}, {test::kTestLabel, "true"}};
  filter.actions = std::move(actions);
  return filter;
}

std::int64_t latency_ms(const Received& received) {
  return (received.received_nano - received.event.time_nano) / 1'000'000;
}

// The /events requests the proxy saw, in order.
std::vector<std::string> event_targets(const FaultProxy& proxy) {
  std::vector<std::string> events;
  for (const std::string& target : proxy.targets()) {
    if (target.find("/events?") != std::string::npos) events.push_back(target);
  }
  return events;
}

std::string since_of(const std::string& target) {
  std::smatch match;
  const std::regex since("[?&]since=([0-9.]+)");
  return std::regex_search(target, match, since) ? match[1].str() : std::string();
}

FaultProxy::Match events_request() {
  return testing::request_matching("GET", R"(/v[0-9.]+/events\?.*)");
}

}  // namespace

TEST_CASE("a subscription gets start, healthy and die of labelled containers only, at once",
          "[docker]") {
  DockerClient client = local_client();
  const std::string run = test::unique_name("events");
  const std::string watched = run + "-watched";
  const std::string other = run + "-other";
  test::ContainerGuard watched_guard(client, watched);
  test::ContainerGuard other_guard(client, other);

  Recorder recorder;
  const auto subscription =
      recorder.subscribe(client, run_filter(run, {"start", "die", "health_status"}));

  // The other container lacks the run label; its events happen first and must not come.
  const std::string other_id =
      client.create_container(run_container(other, "", {"sh", "-c", "exit 5"}));
  client.start_container(other_id);
  ContainerSpec spec = run_container(watched, run, {"sh", "-c", "sleep 2; exit 7"});
  spec.healthcheck = HealthcheckConfig{.test = {"CMD-SHELL", "true"},
                                       .interval = milliseconds(200),
                                       .timeout = seconds(2),
                                       .retries = 1};
  const std::string id = client.create_container(spec);
  client.start_container(id);

  REQUIRE(recorder.wait_for(id, "die"));
  // A probe that runs as the container exits can fail, and the engine then reports
  // "unhealthy" just before the die: its race, not the stream's. What must hold is the
  // order: start, healthy, then only health changes, and the die last.
  std::vector<std::string> actions = recorder.actions_of(id);
  REQUIRE(actions.size() >= 3);
  CHECK(actions[0] == "start");
  CHECK(actions[1] == "health_status: healthy");
  CHECK(actions.back() == "die");
  for (std::size_t i = 2; i + 1 < actions.size(); ++i) {
    CHECK(actions[i] == "health_status: unhealthy");
  }
  CHECK(recorder.first(id, "die").event.attributes.at("exitCode") == "7");
  CHECK(recorder.first(id, "start").event.attributes.at("name") == watched);
  CHECK(recorder.actions_of(other_id).empty());
  CHECK(recorder.reasons().empty());

  // Delivered as they happen: the engine stamps timeNano when it sends.
  for (const Received& received : recorder.events()) {
    INFO(received.event.action << " arrived after " << latency_ms(received) << "ms");
    CHECK(latency_ms(received) < 250);
  }
}

TEST_CASE("a subscription also gets what happened just before it was made", "[docker]") {
  // The engine sends the stream's header before it listens; `since` covers that gap.
  DockerClient client = local_client();
  const std::string run = test::unique_name("events-since");
  test::ContainerGuard guard(client, run);
  const std::string id = client.create_container(run_container(run, run));
  client.start_container(id);

  Recorder recorder;
  const auto subscription = recorder.subscribe(client, run_filter(run, {"start"}));
  CHECK(recorder.wait_for(id, "start", seconds(5)));
  CHECK(recorder.actions_of(id) == std::vector<std::string>{"start"});
}

TEST_CASE("a subscription destroyed while idle stops at once and calls nothing more", "[docker]") {
  DockerClient client = local_client();
  Recorder recorder;
  auto subscription = recorder.subscribe(client, run_filter(test::unique_name("events-idle"), {}));
  std::this_thread::sleep_for(milliseconds(300));  // connected, reading, nothing to read

  const auto began = Clock::now();
  subscription.reset();
  const auto took = Clock::now() - began;
  INFO("stopped in " << std::chrono::duration_cast<std::chrono::microseconds>(took).count()
                     << "us");
  CHECK(took < milliseconds(1000));  // at once, not after a read timeout
  CHECK(recorder.events().empty());
  CHECK(recorder.reasons().empty());

  // Also while the stream is still being opened.
  auto opening = recorder.subscribe(client, run_filter(test::unique_name("events-idle"), {}));
  const auto opened = Clock::now();
  opening.reset();
  CHECK(Clock::now() - opened < milliseconds(1000));
  CHECK(recorder.reasons().empty());
}

TEST_CASE("a subscription may be destroyed from inside its own callback", "[docker]") {
  DockerClient client = local_client();
  const std::string run = test::unique_name("events-self");
  test::ContainerGuard guard(client, run);

  std::mutex mutex;
  std::condition_variable done;
  std::unique_ptr<EventSubscription> subscription;
  int calls = 0;
  {
    std::lock_guard lock(mutex);
    subscription = client.subscribe(
        run_filter(run, {"start", "die"}),
        [&](const EngineEvent&) {
          std::lock_guard lock(mutex);
          ++calls;
          subscription.reset();
          done.notify_all();
        },
        [](const std::string&) {});
  }
  const std::string id = client.create_container(run_container(run, run, {"true"}));
  client.start_container(id);  // start and die come in quick succession

  std::unique_lock lock(mutex);
  CHECK(done.wait_for(lock, seconds(10), [&] { return subscription == nullptr; }));
  lock.unlock();
  std::this_thread::sleep_for(milliseconds(300));
  lock.lock();
  CHECK(calls == 1);
}

TEST_CASE("subscribing to an engine that cannot be reached fails at once", "[docker]") {
  DockerClient client(Endpoint::unix_socket("/nonexistent/chora-test/docker.sock"));
  Recorder recorder;
  try {
    recorder.subscribe(client, EventFilter{});
    FAIL("a subscription to no engine was made");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kEngineUnreachable);
  }
}

TEST_CASE("a stream that breaks is reopened from the last event and goes on", "[docker]") {
  DockerClient direct = local_client();
  const std::string run = test::unique_name("events-break");
  test::ContainerGuard guard(direct, run);
  FaultProxy proxy;
  proxy.add_rule({.match = events_request(), .action = FaultProxy::Stream{}});
  DockerClient client(proxy.endpoint());
  Recorder recorder;
  const auto subscription = recorder.subscribe(client, run_filter(run, {"start", "die"}));

  const std::string id = direct.create_container(run_container(run, run));
  direct.start_container(id);
  REQUIRE(recorder.wait_for(id, "start"));
  proxy.close_streams();
  REQUIRE(test::eventually([&] { return event_targets(proxy).size() == 2; }, seconds(5)));

  // Reopened from the start event, whose replay is then dropped as a repeat.
  const std::vector<std::string> targets = event_targets(proxy);
  CHECK(since_of(targets[1]) == unix_seconds(recorder.first(id, "start").event.time_nano));
  CHECK(since_of(targets[0]) < since_of(targets[1]));

  direct.stop_container(id, seconds(0));
  REQUIRE(recorder.wait_for(id, "die"));
  std::this_thread::sleep_for(milliseconds(200));  // room for a duplicate to show
  CHECK(recorder.actions_of(id) == std::vector<std::string>{"start", "die"});
  CHECK(recorder.reasons().empty());
}

TEST_CASE("an event cut off mid-line by a break comes once, from the reopened stream", "[docker]") {
  DockerClient direct = local_client();
  const std::string run = test::unique_name("events-cut");
  test::ContainerGuard guard(direct, run);

  // The first stream is closed after the first byte of its body has gone through.
  FaultProxy proxy;
  proxy.add_rule({.match = events_request(),
                  .action = FaultProxy::Stream{.close_after_bytes = 1},
                  .times = 1});
  proxy.add_rule({.match = events_request(), .action = FaultProxy::Stream{}});
  DockerClient client(proxy.endpoint());
  Recorder recorder;
  const auto subscription = recorder.subscribe(client, run_filter(run, {"start", "die"}));

  const std::string id = direct.create_container(run_container(run, run));
  direct.start_container(id);
  REQUIRE(recorder.wait_for(id, "start"));
  CHECK(event_targets(proxy).size() == 2);

  direct.stop_container(id, seconds(0));
  REQUIRE(recorder.wait_for(id, "die"));
  std::this_thread::sleep_for(milliseconds(200));
  CHECK(recorder.actions_of(id) == std::vector<std::string>{"start", "die"});
  CHECK(recorder.reasons().empty());
}

TEST_CASE("a stream that cannot be reopened is reported lost once, with the reason", "[docker]") {
  FaultProxy proxy;
  proxy.add_rule({.match = events_request(),
                  .action = FaultProxy::Reply{testing::engine_error(
                      boost::beast::http::status::internal_server_error, "events are down")}});
  DockerClient client(proxy.endpoint());
  Recorder recorder;
  const auto subscription =
      recorder.subscribe(client, run_filter(test::unique_name("events-lost"), {}));

  // One try and three more after 100, 200 and 400ms.
  REQUIRE(recorder.wait_lost(seconds(5)));
  std::this_thread::sleep_for(milliseconds(300));
  const std::vector<std::string> reasons = recorder.reasons();
  REQUIRE(reasons.size() == 1);
  CHECK_THAT(reasons[0], Catch::StartsWith("lost the engine's event stream at " +
                                           proxy.endpoint().to_string() + ": GET /v"));
  CHECK_THAT(reasons[0], Catch::Contains(": 500 Internal Server Error: events are down; "
                                         "3 more attempts failed, the last: GET /v"));
  CHECK(event_targets(proxy).size() == 4);
}
