#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "docker/engine.hpp"

namespace chora::testing {

// An in-memory engine for testing orchestration logic without Docker: containers are
// records that start and stop on request, and subscribers hear of start and die. `on_start` decides
// what a start does, so a test can make one image crash. Every mutating call is logged as "verb
// name" in order.
class FakeEngine : public docker::Engine {
 public:
  struct Container {
    docker::ContainerSpec spec;
    std::string id;
    std::string state = "created";
    int exit_code = 0;
    bool oom_killed = false;  // the kernel killed one of its processes for memory
  };

  // Called after a container is started; may change its state (e.g. to "exited").
  std::function<void(Container&)> on_start;
  // Called on every inspect before it answers; may change the state, e.g. to make a
  // container exit a moment after it started.
  std::function<void(Container&)> on_inspect;
  // Answers exec calls; by default every command exits 0.
  std::function<docker::ExecResult(Container&, const std::vector<std::string>&)> on_exec;
  // Called with each mutating call ("create web_r2", "stop web_r1", ...) before it
  // happens, and with "list" for list_containers; returning true makes the call fail
  // with a 500, as a busy engine would.
  std::function<bool(const std::string& call)> fails;
  // Images inspect_image reports as present; empty means every image is present.
  std::vector<std::string> images;

  // Adds a running container as if an earlier release had created it.
  std::string add_running(const docker::ContainerSpec& spec);

  std::vector<std::string> calls() const;

  // Makes every running container exit with `exit_code`, as a crash would.
  void crash_all(int exit_code);
  // Makes the running container named `name` exit with `exit_code`, as a crash would.
  void crash(const std::string& name, int exit_code);
  std::vector<Container> containers() const;

  docker::EngineVersion version() override;
  std::optional<docker::ImageInfo> inspect_image(const std::string& reference) override;
  std::string create_container(const docker::ContainerSpec& spec) override;
  void start_container(const std::string& id) override;
  void stop_container(const std::string& id, std::chrono::seconds timeout) override;
  void remove_container(const std::string& id, bool force) override;
  std::optional<docker::ContainerDetails> inspect_container(const std::string& id) override;
  std::vector<docker::ContainerSummary> list_containers(const docker::Labels& labels,
                                                        bool all) override;
  std::string container_logs(const std::string& id, int lines) override;
  docker::ExecResult exec(const std::string& container_id, const std::vector<std::string>& command,
                          std::chrono::milliseconds timeout, const CancelToken* cancel) override;
  std::unique_ptr<docker::EventSubscription> subscribe(
      const docker::EventFilter& filter, std::function<void(const docker::EngineEvent&)> on_event,
      std::function<void(const std::string&)> on_lost) override;
  std::optional<docker::NetworkInfo> inspect_network(const std::string& name) override;
  std::string create_network(const std::string& name, const docker::Labels& labels) override;
  void remove_network(const std::string& name) override;

 private:
  friend class FakeSubscription;

  Container* find(const std::string& id_or_name);
  // Tells every subscriber that `action` happened to `container`. Lock held.
  void emit(const Container& container, const std::string& action);
  // Emits "die" when a hook left a running container exited. Lock held.
  void emit_if_died(const Container& container, const std::string& before);
  // Logs `call` and throws when `fails` says so. Called with the lock held.
  void enter(const std::string& call);

  mutable std::mutex mutex_;
  std::map<std::string, Container> containers_;  // by id
  std::map<std::string, docker::Labels> networks_;
  std::vector<std::string> calls_;
  int next_id_ = 1;
  std::map<int, std::function<void(const docker::EngineEvent&)>> subscribers_;
  int next_subscriber_ = 1;
};

}  // namespace chora::testing
