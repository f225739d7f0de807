#include "rollout/executor.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include <catch2/catch.hpp>

#include "events/event_log.hpp"
#include "graph/dependency_graph.hpp"
#include "health/container_watch.hpp"
#include "manifest/loader.hpp"
#include "plan/plan.hpp"
#include "rollout/container_spec.hpp"
#include "support/event_schema.hpp"
#include "support/fake_engine.hpp"

using namespace chora;
using rollout::Outcome;
using testing::FakeEngine;

namespace {

// The example diamond: config -> {indexer, compose} -> search -> gateway.
std::string diamond(const std::string& version, const std::string& search_version) {
  std::string text = "release: r" + version + "\nenvironment: dev\nnetwork: net\nservices:\n";
  auto service = [&](const std::string& name, const std::string& v, const std::string& deps) {
    // Without probes a gate waits 1s by default; these tests need no such wait.
    text += "  " + name + ":\n    image: chora/" + name + "\n    version: \"" + v + "\"\n" +
            "    health: { stable_for: 0s }\n";
    if (!deps.empty()) text += "    depends_on: [" + deps + "]\n";
  };
  service("config", version, "");
  service("indexer", version, "config");
  service("compose", version, "config");
  service("search", search_version, "indexer, compose");
  service("gateway", version, "search");
  return text;
}

// Collects events; checks each against the shared schema as it arrives.
class RecordingObserver : public report::RolloutObserver {
 public:
  void on_event(const report::StepEvent& event) override {
    std::lock_guard<std::mutex> lock(mutex_);
    events.push_back(event);
    nlohmann::json line =
        events::event_to_json(event, {"r", "dev", 1, "", ""}, std::chrono::system_clock::now());
    auto problems = testing::deployment_event_problems(line);
    invalid.insert(invalid.end(), problems.begin(), problems.end());
  }

  int count(report::Step step, report::Status status) const {
    return static_cast<int>(std::count_if(events.begin(), events.end(), [&](const auto& e) {
      return e.step == step && e.status == status;
    }));
  }

  std::vector<report::StepEvent> events;
  std::vector<std::string> invalid;

 private:
  std::mutex mutex_;
};

// Applies `text` to `engine` the way `chora-deploy apply` does, minus the CLI.
struct Apply {
  manifest::Manifest manifest;
  graph::DependencyGraph graph;
  plan::Plan plan;
  RecordingObserver observer;
  rollout::RolloutResult result;

  Apply(FakeEngine& engine, const std::string& text, CancelToken* cancel = nullptr)
      : manifest(manifest::parse_manifest(text, "release.yaml")),
        graph(graph::DependencyGraph::build(manifest)),
        plan(plan::make_plan(manifest, graph,
                             state::read_observed_state(engine, "dev", manifest.network))) {
    CancelToken own;
    health::ContainerWatch watch(engine, "dev");
    rollout::ReleaseContext context{engine, manifest, graph, plan, observer, &watch};
    result = rollout::Executor(context, cancel ? *cancel : own).run();
  }
};

const std::string kWebWithPort =
    "release: r1\nenvironment: dev\nservices:\n  web:\n    image: chora/web\n"
    "    version: \"1\"\n    ports: [\"127.0.0.1:18080:80\"]\n"
    "    health: { stable_for: 0s }\n";

// As kWebWithPort, but held to the default window of a gate without probes.
const std::string kWebWithDefaultGate =
    "release: r1\nenvironment: dev\nservices:\n  web:\n    image: chora/web\n"
    "    version: \"1\"\n";

// Crashes every container whose image tag is "broken".
void crash_broken_images(FakeEngine::Container& container) {
  if (container.spec.image.find(":broken") != std::string::npos) {
    container.state = "exited";
    container.exit_code = 1;
  }
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::size_t position(const std::vector<std::string>& calls, const std::string& call) {
  auto found = std::find(calls.begin(), calls.end(), call);
  REQUIRE(found != calls.end());
  return static_cast<std::size_t>(found - calls.begin());
}

std::vector<std::string> running_names(const FakeEngine& engine) {
  std::vector<std::string> names;
  for (const auto& container : engine.containers()) {
    if (container.state == "running") names.push_back(container.spec.name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Waits (up to 5s) until a container of `engine` runs: however slow the machine, what
// comes next then happens while a gate is waiting.
void wait_until_something_runs(const FakeEngine& engine) {
  for (int i = 0; i < 500 && running_names(engine).empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace

TEST_CASE("an empty environment gets its network, then every service in dependency order",
          "[rollout]") {
  FakeEngine engine;
  Apply apply(engine, diamond("1", "1"));

  CHECK(apply.result.outcome == Outcome::kCommitted);
  std::vector<std::string> calls = engine.calls();
  CHECK(calls.front() == "create-network net");
  CHECK(position(calls, "start dev_config_r1") < position(calls, "create dev_indexer_r1"));
  CHECK(position(calls, "start dev_indexer_r1") < position(calls, "create dev_search_r1"));
  CHECK(position(calls, "start dev_compose_r1") < position(calls, "create dev_search_r1"));
  CHECK(position(calls, "start dev_search_r1") < position(calls, "create dev_gateway_r1"));
  CHECK(running_names(engine).size() == 5);
  CHECK(apply.observer.invalid.empty());
}

TEST_CASE("an upgrade replaces every changed service and removes the old containers", "[rollout]") {
  FakeEngine engine;
  Apply first(engine, diamond("1", "1"));
  Apply second(engine, diamond("2", "2"));

  CHECK(second.result.outcome == Outcome::kCommitted);
  CHECK(running_names(engine) == std::vector<std::string>{"dev_compose_r2", "dev_config_r2",
                                                          "dev_gateway_r2", "dev_indexer_r2",
                                                          "dev_search_r2"});
  CHECK(engine.containers().size() == 5);
  std::vector<std::string> calls = engine.calls();
  // Start-first: the new container starts before the old one stops.
  CHECK(position(calls, "start dev_config_r2") < position(calls, "stop dev_config_r1"));
  // Each stop is in the history, naming the container.
  int stops = 0;
  for (const report::StepEvent& event : second.observer.events) {
    if (event.step == report::Step::kDeploy && event.container_name == "dev_config_r1") {
      CHECK(event.notes == "stopped old container dev_config_r1; kept until the release passes");
      CHECK(event.version == "1");  // the old container's, not the one rolled out
      CHECK(event.stopped_container);
      nlohmann::json line = events::event_to_json(event, {"r", "dev", 2, "", ""},
                                                  std::chrono::system_clock::now());
      CHECK(line["metadata"]["stopped_container"] == true);
      ++stops;
    }
  }
  CHECK(stops == 1);
}

TEST_CASE("a failed service rolls back every changed service in reverse order", "[rollout]") {
  FakeEngine engine;
  engine.on_start = crash_broken_images;
  Apply first(engine, diamond("1", "1"));
  std::size_t calls_before = engine.calls().size();
  Apply second(engine, diamond("2", "broken"));

  CHECK(second.result.outcome == Outcome::kRolledBack);
  CHECK(second.result.failure ==
        "search: health gate failed for dev_search_r2: running: container exited with exit "
        "code 1");

  // Everything runs its first revision again, and nothing of the failed attempt is left.
  CHECK(running_names(engine) == std::vector<std::string>{"dev_compose_r1", "dev_config_r1",
                                                          "dev_gateway_r1", "dev_indexer_r1",
                                                          "dev_search_r1"});
  CHECK(engine.containers().size() == 5);

  // Reverse dependency order: search, then indexer and compose, then config.
  std::vector<std::string> calls = engine.calls();
  calls.erase(calls.begin(), calls.begin() + static_cast<long>(calls_before));
  std::size_t search = position(calls, "remove dev_search_r2");
  CHECK(search < position(calls, "remove dev_compose_r2"));
  CHECK(search < position(calls, "remove dev_indexer_r2"));
  std::size_t config = position(calls, "remove dev_config_r2");
  CHECK(position(calls, "remove dev_compose_r2") < config);
  CHECK(position(calls, "remove dev_indexer_r2") < config);
  // An old container was stopped only if its worker got there before search failed (a
  // release already failing keeps old containers serving); one that was is started again
  // in the same reverse order, compose before config, config after its new one is gone.
  auto was_stopped = [&](const std::string& name) {
    return std::find(calls.begin(), calls.end(), "stop " + name) != calls.end();
  };
  if (was_stopped("dev_compose_r1")) {
    CHECK(position(calls, "start dev_compose_r1") < config);
  }
  if (was_stopped("dev_config_r1")) {
    CHECK(config < position(calls, "start dev_config_r1"));
  }

  // The gateway never started; the release event says rolled back.
  CHECK(std::find(calls.begin(), calls.end(), "create dev_gateway_r2") == calls.end());
  CHECK(second.observer.count(report::Step::kSkipped, report::Status::kSkipped) == 1);
  CHECK(second.observer.count(report::Step::kRelease, report::Status::kRolledBack) == 1);
  CHECK(second.observer.invalid.empty());
}

TEST_CASE("a rollback that cannot bring the old container back is incomplete", "[rollout]") {
  FakeEngine engine;
  Apply first(engine, diamond("1", "1"));

  // From now on the first revision of config cannot start again. Stop-first, so that its
  // old container is surely stopped before search fails.
  engine.on_start = [](FakeEngine::Container& container) {
    crash_broken_images(container);
    if (container.spec.name == "dev_config_r1") container.state = "exited";
  };
  Apply second(engine, replace_once(diamond("2", "broken"), "image: chora/config\n",
                                    "image: chora/config\n    update: { order: stop-first }\n"));

  CHECK(second.result.outcome == Outcome::kRollbackIncomplete);
  REQUIRE(second.result.problems.size() == 1);
  CHECK(second.result.problems[0].find("config: old container dev_config_r1 is not healthy "
                                       "again") == 0);
  CHECK(second.observer.count(report::Step::kRelease, report::Status::kRollbackIncomplete) == 1);
}

TEST_CASE("unchanged services are not touched", "[rollout]") {
  FakeEngine engine;
  Apply first(engine, diamond("1", "1"));
  std::size_t calls_before = engine.calls().size();

  std::string text = replace_once(diamond("1", "1"), "chora/search\n    version: \"1\"",
                                  "chora/search\n    version: \"9\"");
  Apply second(engine, text);

  CHECK(second.result.outcome == Outcome::kCommitted);
  std::vector<std::string> calls = engine.calls();
  std::vector<std::string> made(calls.begin() + calls_before, calls.end());
  CHECK(made == std::vector<std::string>{"create dev_search_r2", "start dev_search_r2",
                                         "stop dev_search_r1", "remove dev_search_r1"});
}

TEST_CASE("stop-first creates the new container, then stops the old one, then starts",
          "[rollout]") {
  FakeEngine engine;
  Apply first(engine, kWebWithPort);
  Apply second(engine, replace_once(kWebWithPort, "\"1\"", "\"2\""));

  CHECK(second.plan.find("web")->strategy == plan::Strategy::kStopFirst);
  std::vector<std::string> calls = engine.calls();
  CHECK(position(calls, "create dev_web_r2") < position(calls, "stop dev_web_r1"));
  CHECK(position(calls, "stop dev_web_r1") < position(calls, "start dev_web_r2"));
}

TEST_CASE("a new container the engine refuses costs no outage under stop-first", "[rollout]") {
  FakeEngine engine;
  Apply first(engine, kWebWithPort);
  engine.fails = [](const std::string& call) { return call == "create dev_web_r2"; };
  Apply second(engine, replace_once(kWebWithPort, "\"1\"", "\"2\""));

  CHECK(second.result.outcome == Outcome::kRolledBack);
  std::vector<std::string> calls = engine.calls();
  CHECK(std::find(calls.begin(), calls.end(), "stop dev_web_r1") == calls.end());
  CHECK(running_names(engine) == std::vector<std::string>{"dev_web_r1"});
}

TEST_CASE("a service that left the manifest is removed only once the rest has passed",
          "[rollout]") {
  FakeEngine engine;
  Apply first(engine, diamond("1", "1"));
  std::string without_gateway = diamond("2", "2");
  without_gateway.erase(without_gateway.find("  gateway:"));
  Apply second(engine, without_gateway);

  CHECK(second.result.outcome == Outcome::kCommitted);
  std::vector<std::string> calls = engine.calls();
  CHECK(position(calls, "start dev_search_r2") < position(calls, "stop dev_gateway_r1"));
  CHECK(position(calls, "stop dev_gateway_r1") < position(calls, "remove dev_gateway_r1"));
  CHECK(running_names(engine).size() == 4);
}

TEST_CASE("a release cancelled before it starts changes nothing it leaves behind", "[rollout]") {
  FakeEngine engine;
  CancelToken cancel;
  cancel.cancel("interrupted by SIGINT");
  Apply apply(engine, diamond("1", "1"), &cancel);

  CHECK(apply.result.outcome == Outcome::kRolledBack);
  CHECK(apply.result.failure == "interrupted by SIGINT");
  CHECK(engine.containers().empty());
  CHECK(engine.calls() == std::vector<std::string>{"create-network net", "remove-network net"});
}

TEST_CASE("a container that exits a moment after it started does not pass", "[rollout]") {
  FakeEngine engine;
  // Up on the first look, gone on the second: a gate without probes must look twice.
  engine.on_inspect = [looks = std::map<std::string, int>()](auto& container) mutable {
    if (++looks[container.id] >= 2 && container.state == "running") {
      container.state = "exited";
      container.exit_code = 2;
    }
  };
  Apply apply(engine, kWebWithDefaultGate);

  CHECK(apply.result.outcome == Outcome::kRolledBack);
  CHECK(apply.result.failure.find("container exited with exit code 2") != std::string::npos);
  CHECK(engine.containers().empty());
}

TEST_CASE("a rollback tries a busy engine again", "[rollout]") {
  FakeEngine engine;
  engine.on_start = crash_broken_images;
  Apply first(engine, diamond("1", "1"));
  int refusals = 0;
  engine.fails = [&refusals](const std::string& call) {
    return call == "remove dev_search_r2" && refusals++ == 0;
  };
  Apply second(engine, diamond("2", "broken"));

  CHECK(second.result.outcome == Outcome::kRolledBack);
  CHECK(refusals == 2);
  CHECK(engine.containers().size() == 5);
}

TEST_CASE("a rollback that cannot finish says what it left behind", "[rollout]") {
  FakeEngine engine;
  engine.on_start = crash_broken_images;
  Apply first(engine, diamond("1", "1"));
  engine.fails = [](const std::string& call) { return call == "remove dev_config_r2"; };
  Apply second(engine, diamond("2", "broken"));

  CHECK(second.result.outcome == Outcome::kRollbackIncomplete);
  REQUIRE(second.result.problems.size() == 1);
  const std::string& problem = second.result.problems[0];
  CHECK(problem.find("config: removing new container dev_config_r2") == 0);
  CHECK(problem.find("new container dev_config_r2 is still there") != std::string::npos);
  // The old container serves again even though the new one could not be removed.
  CHECK(problem.find("old container") == std::string::npos);
}

TEST_CASE("an interruption is the cause of the release failing, not the service it stopped",
          "[rollout]") {
  FakeEngine engine;
  // The container never gets past "created", so the gate waits until stopped.
  engine.on_start = [](FakeEngine::Container& container) { container.state = "created"; };
  CancelToken cancel;
  std::thread interrupt([&cancel] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    cancel.cancel("interrupted by SIGTERM");
  });
  Apply apply(engine, kWebWithPort, &cancel);
  interrupt.join();

  CHECK(apply.result.outcome == Outcome::kRolledBack);
  CHECK(apply.result.failure == "interrupted by SIGTERM");
  CHECK(engine.containers().empty());
  // The gate (if the interruption found it waiting) decided nothing: skipped, not failed.
  CHECK(apply.observer.count(report::Step::kHealthGate, report::Status::kFailed) == 0);
  CHECK(apply.observer.count(report::Step::kHealthGate, report::Status::kSkipped) ==
        apply.observer.count(report::Step::kHealthGate, report::Status::kStarted));
}

TEST_CASE("a task stopped by an interruption is skipped, not failed", "[rollout]") {
  const std::string text =
      "release: r1\nenvironment: dev\nservices:\n"
      "  migrate:\n    image: chora/migrate\n    version: \"1\"\n    task: true\n"
      "    health: { timeout: 60s }\n";
  FakeEngine engine;  // the task runs until stopped
  CancelToken cancel;
  std::thread interrupt([&engine, &cancel] {
    wait_until_something_runs(engine);
    cancel.cancel("interrupted by SIGINT");
  });
  Apply apply(engine, text, &cancel);
  interrupt.join();

  CHECK(apply.result.outcome == Outcome::kRolledBack);
  CHECK(apply.result.failure == "interrupted by SIGINT");
  CHECK(apply.observer.count(report::Step::kHealthGate, report::Status::kFailed) == 0);
  REQUIRE(apply.observer.count(report::Step::kHealthGate, report::Status::kSkipped) == 1);
  for (const report::StepEvent& event : apply.observer.events) {
    if (event.status == report::Status::kSkipped && event.step == report::Step::kHealthGate) {
      CHECK(event.notes == "stopped waiting: interrupted by SIGINT");
      CHECK(event.errors.empty());
    }
  }
  CHECK(apply.observer.invalid.empty());
}

TEST_CASE("a network the engine refuses to create stops the release before any change",
          "[rollout]") {
  FakeEngine engine;
  engine.fails = [](const std::string& call) { return call == "create-network net"; };
  Apply apply(engine, diamond("1", "1"));

  CHECK(apply.result.outcome == Outcome::kNotStarted);
  CHECK(apply.result.failure.find("creating network net") == 0);
  CHECK(engine.containers().empty());
}

TEST_CASE("replicas are replaced batch by batch, old ones stopping only after new ones pass",
          "[rollout]") {
  const std::string v1 =
      "release: r1\nenvironment: dev\nservices:\n  api:\n    image: chora/api\n"
      "    version: \"1\"\n    replicas: 3\n    health: { stable_for: 0s }\n";
  FakeEngine engine;
  Apply first(engine, v1);
  std::size_t before = engine.calls().size();
  Apply second(engine, replace_once(v1, "\"1\"", "\"2\""));

  CHECK(second.result.outcome == Outcome::kCommitted);
  std::vector<std::string> calls = engine.calls();
  calls.erase(calls.begin(), calls.begin() + static_cast<long>(before));
  CHECK(calls == std::vector<std::string>{
                     "create dev_api_r2_1", "start dev_api_r2_1", "stop dev_api_r1_1",
                     "create dev_api_r2_2", "start dev_api_r2_2", "stop dev_api_r1_2",
                     "create dev_api_r2_3", "start dev_api_r2_3", "stop dev_api_r1_3",
                     "remove dev_api_r1_1", "remove dev_api_r1_2", "remove dev_api_r1_3"});
}

TEST_CASE("a task runs to completion before its dependents start", "[rollout]") {
  const std::string text =
      "release: r1\nenvironment: dev\nservices:\n"
      "  migrate:\n    image: chora/migrate\n    version: \"1\"\n    task: true\n"
      "  api:\n    image: chora/api\n    version: \"1\"\n    depends_on: [migrate]\n"
      "    health: { stable_for: 0s }\n";
  FakeEngine engine;
  // The task's container finishes on its own, exit code 0, a moment after it starts.
  engine.on_inspect = [](FakeEngine::Container& container) {
    if (container.spec.image == "chora/migrate:1") container.state = "exited";
  };
  Apply apply(engine, text);

  CHECK(apply.result.outcome == Outcome::kCommitted);
  std::vector<std::string> calls = engine.calls();
  CHECK(position(calls, "start dev_migrate_r1") < position(calls, "create dev_api_r1"));
  // The finished task stays as the record of its run.
  CHECK(engine.containers().size() == 2);
}

TEST_CASE("a task that exits non-zero fails the release", "[rollout]") {
  const std::string text =
      "release: r1\nenvironment: dev\nservices:\n"
      "  migrate:\n    image: chora/migrate\n    version: \"1\"\n    task: true\n"
      "  api:\n    image: chora/api\n    version: \"1\"\n    depends_on: [migrate]\n";
  FakeEngine engine;
  engine.on_inspect = [](FakeEngine::Container& container) {
    if (container.spec.image == "chora/migrate:1") {
      container.state = "exited";
      container.exit_code = 3;
    }
  };
  Apply apply(engine, text);

  CHECK(apply.result.outcome == Outcome::kRolledBack);
  CHECK(apply.result.failure.find("migrate: task dev_migrate_r1 exited with code 3") == 0);
  CHECK(engine.containers().empty());
}

TEST_CASE("max_parallel caps how many services roll at once", "[rollout]") {
  std::string text = "release: r1\nenvironment: dev\nrollout: { max_parallel: 1 }\nservices:\n";
  for (const char* name : {"a", "b", "c"}) {
    text += std::string("  ") + name + ":\n    image: chora/" + name +
            "\n    version: \"1\"\n    health: { stable_for: 0s }\n";
  }
  FakeEngine engine;
  Apply apply(engine, text);

  CHECK(apply.result.outcome == Outcome::kCommitted);
  std::vector<std::string> calls = engine.calls();
  CHECK(position(calls, "start dev_a_r1") < position(calls, "create dev_b_r1"));
  CHECK(position(calls, "start dev_b_r1") < position(calls, "create dev_c_r1"));
}

TEST_CASE("in strict waves a service waits for the whole previous wave", "[rollout]") {
  // b needs a; c is in wave 1 too and slow. Normally b starts once a passed; in strict
  // waves only once c has passed as well.
  const std::string text =
      "release: r1\nenvironment: dev\nrollout: { strict_waves: true }\nservices:\n"
      "  a:\n    image: chora/a\n    version: \"1\"\n    health: { stable_for: 0s }\n"
      "  c:\n    image: chora/c\n    version: \"1\"\n    health: { stable_for: 300ms }\n"
      "  b:\n    image: chora/b\n    version: \"1\"\n    depends_on: [a]\n"
      "    health: { stable_for: 0s }\n";
  FakeEngine engine;
  Apply apply(engine, text);

  CHECK(apply.result.outcome == Outcome::kCommitted);
  const auto& events = apply.observer.events;
  auto when = [&events](const std::string& service, report::Step step, report::Status status) {
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (events[i].service == service && events[i].step == step && events[i].status == status) {
        return i;
      }
    }
    return events.size();
  };
  CHECK(when("c", report::Step::kHealthGate, report::Status::kSucceeded) <
        when("b", report::Step::kDeploy, report::Status::kStarted));
}

TEST_CASE("a container that dies inside its stable_for window fails at once", "[rollout]") {
  const std::string text =
      "release: r1\nenvironment: dev\nservices:\n  web:\n    image: chora/web\n"
      "    version: \"1\"\n    health: { stable_for: 20s, timeout: 60s, interval: 10s }\n";
  FakeEngine engine;
  CancelToken cancel;
  // Crashes the container once it runs: however slow the machine, inside its window.
  std::thread crash([&engine] {
    wait_until_something_runs(engine);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    engine.crash_all(7);
  });
  auto start = std::chrono::steady_clock::now();
  Apply apply(engine, text, &cancel);
  crash.join();

  CHECK(apply.result.outcome == Outcome::kRolledBack);
  CHECK(apply.result.failure.find("container exited with exit code 7") != std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("a running container that lost a process to the OOM killer fails its gate", "[rollout]") {
  FakeEngine engine;
  // PID 1 lives on, but the kernel killed a worker of it for memory.
  engine.on_inspect = [](auto& container) {
    if (container.state == "running") container.oom_killed = true;
  };
  Apply apply(engine, kWebWithDefaultGate);

  CHECK(apply.result.outcome == Outcome::kRolledBack);
  CHECK(apply.result.failure.find("out of memory") != std::string::npos);
  CHECK(engine.containers().empty());
}

TEST_CASE("the replicas of a batch wait at their gates side by side", "[rollout]") {
  const std::string text =
      "release: r1\nenvironment: dev\nservices:\n  api:\n    image: chora/api\n"
      "    version: \"1\"\n    replicas: 3\n    update: { parallelism: 3 }\n"
      "    health: { stable_for: 2s, timeout: 30s, interval: 100ms }\n";
  FakeEngine engine;
  auto start = std::chrono::steady_clock::now();
  Apply apply(engine, text);

  CHECK(apply.result.outcome == Outcome::kCommitted);
  CHECK(running_names(engine) ==
        std::vector<std::string>{"dev_api_r1_1", "dev_api_r1_2", "dev_api_r1_3"});
  // One after another, three 2s windows would take 6s.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("a service that passed and died while others rolled is not committed", "[rollout]") {
  // a passes at once; b, independent of it, takes a 2s window, during which a dies.
  const std::string text =
      "release: r1\nenvironment: dev\nservices:\n"
      "  a:\n    image: chora/a\n    version: \"1\"\n    health: { stable_for: 0s }\n"
      "  b:\n    image: chora/b\n    version: \"1\"\n"
      "    health: { stable_for: 2s, timeout: 30s, interval: 100ms }\n";
  // The last look lists the environment; when the engine refuses the list, it inspects
  // every service instead, and must reach the same verdict.
  bool list_refused = GENERATE(false, true);
  FakeEngine engine;
  // a passed at its first look; by b's fifth, a dies.
  std::atomic<bool> b_looked_enough{false};
  engine.on_inspect = [looks = 0, &b_looked_enough](auto& container) mutable {
    if (container.spec.name == "dev_b_r1" && ++looks == 5) b_looked_enough = true;
  };
  engine.fails = [&b_looked_enough, list_refused](const std::string& call) {
    return list_refused && call == "list" && b_looked_enough;
  };
  std::atomic<bool> done{false};
  std::thread crash([&engine, &b_looked_enough, &done] {
    while (!b_looked_enough && !done) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    engine.crash("dev_a_r1", 3);
  });
  Apply apply(engine, text);
  done = true;
  crash.join();

  CHECK(apply.result.outcome == Outcome::kRolledBack);
  CHECK(apply.result.failure ==
        "a: dev_a_r1 passed its gate, but then: container exited with exit code 3");
  CHECK(engine.containers().empty());
}

TEST_CASE("a dependency that dies fails its dependent at once, not at its deadline", "[rollout]") {
  const std::string text =
      "release: r1\nenvironment: dev\nservices:\n"
      "  a:\n    image: chora/a\n    version: \"1\"\n    health: { stable_for: 0s }\n"
      "  b:\n    image: chora/b\n    version: \"1\"\n    depends_on: [a]\n"
      "    health: { stable_for: 20s, timeout: 60s, interval: 100ms }\n";
  FakeEngine engine;
  // b starts only once a passed; a dies while b is at its gate.
  std::atomic<bool> b_looked{false};
  engine.on_inspect = [&b_looked](auto& container) {
    if (container.spec.name == "dev_b_r1") b_looked = true;
  };
  std::atomic<bool> done{false};
  std::thread crash([&engine, &b_looked, &done] {
    while (!b_looked && !done) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    engine.crash("dev_a_r1", 4);
  });
  auto start = std::chrono::steady_clock::now();
  Apply apply(engine, text);
  done = true;
  crash.join();

  CHECK(apply.result.outcome == Outcome::kRolledBack);
  CHECK(apply.result.failure.find("b: health gate failed for dev_b_r1: readiness: dependency a "
                                  "no longer passes: running: container exited with exit code 4") !=
        std::string::npos);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
}

TEST_CASE("the first replica of a batch to fail stops its siblings at once", "[rollout]") {
  const std::string text =
      "release: r1\nenvironment: dev\nservices:\n  api:\n    image: chora/api\n"
      "    version: \"1\"\n    replicas: 2\n    update: { parallelism: 2 }\n"
      "    health: { stable_for: 20s, timeout: 60s, interval: 100ms }\n";
  FakeEngine engine;
  engine.on_start = [](FakeEngine::Container& container) {
    if (container.spec.name == "dev_api_r1_1") {
      container.state = "exited";
      container.exit_code = 5;
    }
  };
  auto start = std::chrono::steady_clock::now();
  Apply apply(engine, text);

  CHECK(apply.result.outcome == Outcome::kRolledBack);
  CHECK(apply.result.failure.find("health gate failed for dev_api_r1_1: running: container "
                                  "exited with exit code 5") != std::string::npos);
  CHECK(engine.containers().empty());
  // Its sibling would otherwise sit out its 20s window.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));

  // Only the cause failed its gate; the sibling's was stopped undecided.
  CHECK(apply.observer.count(report::Step::kHealthGate, report::Status::kFailed) == 1);
  REQUIRE(apply.observer.count(report::Step::kHealthGate, report::Status::kSkipped) == 1);
  for (const report::StepEvent& event : apply.observer.events) {
    if (event.step != report::Step::kHealthGate || event.status != report::Status::kSkipped)
      continue;
    CHECK(event.container_name == "dev_api_r1_2");
    CHECK(event.notes == "stopped waiting: api failed");
    CHECK(event.errors.empty());
  }
  CHECK(apply.observer.invalid.empty());
}

TEST_CASE("independent services roll back side by side, each after its dependents", "[rollout]") {
  // v1: d1..d3 each checked for 2s; v2 changes everything and the leaf is broken. The
  // d's are stop-first, so their old containers are surely stopped and must come back.
  auto release = [](const std::string& window, const std::string& leaf_version) {
    std::string text =
        "release: r1\nenvironment: dev\nservices:\n"
        "  root:\n    image: chora/root\n    version: \"" +
        window + "\"\n    health: { stable_for: 0s }\n";
    for (const char* name : {"d1", "d2", "d3"}) {
      text += std::string("  ") + name + ":\n    image: chora/" + name + "\n    version: \"" +
              window +
              "\"\n    depends_on: [root]\n    update: { order: stop-first }\n"
              "    health: { stable_for: " +
              window + ", timeout: 30s, interval: 100ms }\n";
    }
    text += "  leaf:\n    image: chora/leaf\n    version: \"" + leaf_version +
            "\"\n    depends_on: [d1, d2, d3]\n    health: { stable_for: 0s }\n";
    return text;
  };
  FakeEngine engine;
  engine.on_start = crash_broken_images;
  Apply first(engine, release("2s", "1"));
  REQUIRE(first.result.outcome == Outcome::kCommitted);
  std::size_t before = engine.calls().size();

  auto start = std::chrono::steady_clock::now();
  Apply second(engine, release("0s", "broken"));
  auto took = std::chrono::steady_clock::now() - start;

  CHECK(second.result.outcome == Outcome::kRolledBack);
  CHECK(running_names(engine) == std::vector<std::string>{"dev_d1_r1", "dev_d2_r1", "dev_d3_r1",
                                                          "dev_leaf_r1", "dev_root_r1"});
  // Each old d holds its 2s window again: one after another would take 6s.
  CHECK(took < std::chrono::seconds(5));

  // Still in reverse dependency order: the leaf first, root last.
  std::vector<std::string> calls = engine.calls();
  calls.erase(calls.begin(), calls.begin() + static_cast<long>(before));
  for (const char* name : {"d1", "d2", "d3"}) {
    std::string removed = std::string("remove dev_") + name + "_r2";
    CHECK(position(calls, "remove dev_leaf_r2") < position(calls, removed));
    CHECK(position(calls, std::string("start dev_") + name + "_r1") <
          position(calls, "remove dev_root_r2"));
  }
}

namespace {

// `api` with `replicas` replicas and a dependent `web`, whose version is `web_version`.
std::string scaled(int replicas, const std::string& web_version = "1") {
  return "release: r1\nenvironment: dev\nservices:\n"
         "  api:\n    image: chora/api\n    version: \"1\"\n    replicas: " +
         std::to_string(replicas) +
         "\n    health: { stable_for: 0s }\n"
         "  web:\n    image: chora/web\n    version: \"" +
         web_version + "\"\n    depends_on: [api]\n    health: { stable_for: 0s }\n";
}

std::vector<std::string> calls_since(const FakeEngine& engine, std::size_t before) {
  std::vector<std::string> calls = engine.calls();
  return std::vector<std::string>(calls.begin() + static_cast<long>(before), calls.end());
}

}  // namespace

TEST_CASE("more replicas are added beside the running ones, which are not touched", "[rollout]") {
  FakeEngine engine;
  Apply first(engine, scaled(2));
  std::size_t before = engine.calls().size();
  Apply second(engine, scaled(3));

  CHECK(second.result.outcome == Outcome::kCommitted);
  CHECK(calls_since(engine, before) ==
        std::vector<std::string>{"create dev_api_r1_3", "start dev_api_r1_3"});
  CHECK(running_names(engine) ==
        std::vector<std::string>{"dev_api_r1_1", "dev_api_r1_2", "dev_api_r1_3", "dev_web_r1"});
  CHECK(second.observer.invalid.empty());

  // Applied again, nothing is left to do.
  Apply third(engine, scaled(3));
  CHECK(third.plan.count(plan::ActionKind::kScale) == 0);
  CHECK_FALSE(third.plan.has_changes());
}

TEST_CASE("fewer replicas stop the extra ones and remove them once the release passed",
          "[rollout]") {
  FakeEngine engine;
  Apply first(engine, scaled(3));
  std::size_t before = engine.calls().size();
  Apply second(engine, scaled(1));

  CHECK(second.result.outcome == Outcome::kCommitted);
  CHECK(calls_since(engine, before) ==
        std::vector<std::string>{"stop dev_api_r1_3", "stop dev_api_r1_2", "remove dev_api_r1_3",
                                 "remove dev_api_r1_2"});
  CHECK(running_names(engine) == std::vector<std::string>{"dev_api_r1_1", "dev_web_r1"});
  CHECK(engine.containers().size() == 2);
  CHECK(second.observer.invalid.empty());
}

TEST_CASE("a failed release takes added replicas away and starts retired ones again", "[rollout]") {
  FakeEngine engine;
  engine.on_start = crash_broken_images;
  Apply first(engine, scaled(2));

  Apply up(engine, scaled(3, "broken"));
  CHECK(up.result.outcome == Outcome::kRolledBack);
  CHECK(running_names(engine) ==
        std::vector<std::string>{"dev_api_r1_1", "dev_api_r1_2", "dev_web_r1"});
  CHECK(engine.containers().size() == 3);

  Apply down(engine, scaled(1, "broken"));
  CHECK(down.result.outcome == Outcome::kRolledBack);
  CHECK(running_names(engine) ==
        std::vector<std::string>{"dev_api_r1_1", "dev_api_r1_2", "dev_web_r1"});
  CHECK(engine.containers().size() == 3);
  CHECK(down.observer.count(report::Step::kRollback, report::Status::kSucceeded) == 2);
}

TEST_CASE("added replicas run the image the others run, in batches", "[rollout]") {
  FakeEngine engine;
  Apply first(engine, scaled(1));
  std::size_t before = engine.calls().size();
  Apply second(engine, replace_once(scaled(4), "replicas: 4\n",
                                    "replicas: 4\n    update: { parallelism: 2 }\n"));

  CHECK(second.result.outcome == Outcome::kCommitted);
  CHECK(calls_since(engine, before) ==
        std::vector<std::string>{"create dev_api_r1_2", "create dev_api_r1_3", "start dev_api_r1_2",
                                 "start dev_api_r1_3", "create dev_api_r1_4",
                                 "start dev_api_r1_4"});
  for (const auto& container : engine.containers()) {
    if (container.spec.name.rfind("dev_api", 0) != 0) continue;
    INFO(container.spec.name);
    // The first replica was created from the tag; the added ones from what it runs.
    CHECK(container.spec.image ==
          (container.spec.name == "dev_api_r1" ? "chora/api:1" : "sha256:chora/api:1"));
  }
}

TEST_CASE("an added replica that fails its gate is taken away; the others were not touched",
          "[rollout]") {
  FakeEngine engine;
  Apply first(engine, scaled(2));
  engine.on_start = [](FakeEngine::Container& container) {
    if (container.spec.name == "dev_api_r1_3") {
      container.state = "exited";
      container.exit_code = 2;
    }
  };
  std::size_t before = engine.calls().size();
  Apply second(engine, scaled(3));

  CHECK(second.result.outcome == Outcome::kRolledBack);
  CHECK(second.result.failure.find("health gate failed for dev_api_r1_3") != std::string::npos);
  CHECK(calls_since(engine, before) == std::vector<std::string>{"create dev_api_r1_3",
                                                                "start dev_api_r1_3",
                                                                "remove dev_api_r1_3"});
}

TEST_CASE("a kept replica that dies while a scale adds others fails the release", "[rollout]") {
  FakeEngine engine;
  Apply first(engine, scaled(2));
  // Only the checks of this release look at replica 1 again.
  engine.on_inspect = [](FakeEngine::Container& container) {
    if (container.spec.name == "dev_api_r1_1") {
      container.state = "exited";
      container.exit_code = 9;
    }
  };
  Apply second(engine, scaled(3));

  CHECK(second.result.outcome == Outcome::kRolledBack);
  CHECK(second.result.failure ==
        "api: dev_api_r1_1, kept serving, no longer runs: container exited with exit code 9");
}

TEST_CASE("an interruption stops a scale down between two replicas", "[rollout]") {
  FakeEngine engine;
  Apply first(engine, scaled(3));
  CancelToken cancel;
  engine.fails = [&cancel](const std::string& call) {
    if (call == "stop dev_api_r1_3") cancel.cancel("interrupted by SIGINT");
    return false;
  };
  std::size_t before = engine.calls().size();
  Apply second(engine, scaled(1), &cancel);

  CHECK(second.result.outcome == Outcome::kRolledBack);
  CHECK(second.result.failure == "interrupted by SIGINT");
  std::vector<std::string> calls = calls_since(engine, before);
  CHECK(std::find(calls.begin(), calls.end(), "stop dev_api_r1_2") == calls.end());
  CHECK(position(calls, "stop dev_api_r1_3") < position(calls, "start dev_api_r1_3"));
  CHECK(running_names(engine).size() == 4);
}
