#include "support/fake_engine.hpp"

#include "docker/errors.hpp"

namespace chora::testing {
namespace {

bool labels_match(const docker::Labels& have, const docker::Labels& wanted) {
  for (const auto& [key, value] : wanted) {
    auto found = have.find(key);
    if (found == have.end() || (!value.empty() && found->second != value)) return false;
  }
  return true;
}

}  // namespace

FakeEngine::Container* FakeEngine::find(const std::string& id_or_name) {
  for (auto& [id, container] : containers_) {
    if (id == id_or_name || container.spec.name == id_or_name) return &container;
  }
  return nullptr;
}

void FakeEngine::enter(const std::string& call) {
  calls_.push_back(call);
  if (fails && fails(call)) {
    calls_.back() += " (failed)";
    throw docker::EngineError("fake " + call, 500, "injected failure");
  }
}

std::string FakeEngine::add_running(const docker::ContainerSpec& spec) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string id = "fake" + std::to_string(next_id_++);
  containers_[id] = Container{spec, id, "running", 0};
  return id;
}

void FakeEngine::crash_all(int exit_code) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [id, container] : containers_) {
    if (container.state != "running") continue;
    container.state = "exited";
    container.exit_code = exit_code;
    emit(container, "die");
  }
}

void FakeEngine::crash(const std::string& name, int exit_code) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [id, container] : containers_) {
    if (container.spec.name != name || container.state != "running") continue;
    container.state = "exited";
    container.exit_code = exit_code;
    emit(container, "die");
  }
}

std::vector<std::string> FakeEngine::calls() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return calls_;
}

std::vector<FakeEngine::Container> FakeEngine::containers() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Container> result;
  for (const auto& [id, container] : containers_) result.push_back(container);
  return result;
}

docker::EngineVersion FakeEngine::version() {
  return {"fake", "1.41", "1.12", "1.41", "linux", "amd64"};
}

std::optional<docker::ImageInfo> FakeEngine::inspect_image(const std::string& reference) {
  std::lock_guard<std::mutex> lock(mutex_);
  bool present = images.empty();
  for (const std::string& image : images) present = present || image == reference;
  if (!present) return std::nullopt;
  return docker::ImageInfo{"sha256:" + reference, {reference}, false};
}

std::string FakeEngine::create_container(const docker::ContainerSpec& spec) {
  std::lock_guard<std::mutex> lock(mutex_);
  enter("create " + spec.name);
  if (find(spec.name) != nullptr) {
    throw docker::EngineError("POST /containers/create", 409, "name in use: " + spec.name);
  }
  std::string id = "fake" + std::to_string(next_id_++);
  containers_[id] = Container{spec, id, "created", 0};
  return id;
}

void FakeEngine::start_container(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  Container* container = find(id);
  if (container == nullptr) throw docker::EngineError("POST /start", 404, "no such container");
  enter("start " + container->spec.name);
  container->state = "running";
  emit(*container, "start");
  if (on_start) on_start(*container);
  emit_if_died(*container, "running");
}

void FakeEngine::stop_container(const std::string& id, std::chrono::seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  Container* container = find(id);
  if (container == nullptr) throw docker::EngineError("POST /stop", 404, "no such container");
  enter("stop " + container->spec.name);
  std::string before = container->state;
  container->state = "exited";
  emit_if_died(*container, before);
}

void FakeEngine::remove_container(const std::string& id, bool) {
  std::lock_guard<std::mutex> lock(mutex_);
  Container* container = find(id);
  if (container == nullptr) return;
  enter("remove " + container->spec.name);
  containers_.erase(container->id);
}

std::optional<docker::ContainerDetails> FakeEngine::inspect_container(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  Container* container = find(id);
  if (container == nullptr) return std::nullopt;
  if (on_inspect) {
    std::string before = container->state;
    on_inspect(*container);
    emit_if_died(*container, before);
  }
  docker::ContainerDetails details;
  details.id = container->id;
  details.name = container->spec.name;
  details.image = container->spec.image;
  // An id that names the reference it stands for, so tests can tell what a container runs.
  const std::string& image = container->spec.image;
  details.image_id = image.rfind("sha256:", 0) == 0 ? image : "sha256:" + image;
  details.labels = container->spec.labels;
  details.state.status = container->state;
  details.state.running = container->state == "running";
  details.state.exit_code = container->exit_code;
  details.state.oom_killed = container->oom_killed;
  // Loopback, so that a probe a test did not mean to run never leaves this machine.
  details.networks[container->spec.network] = {"127.0.0.1", {}};
  details.state.started_at = "2026-12-03T00:00:00Z";
  return details;
}

std::vector<docker::ContainerSummary> FakeEngine::list_containers(const docker::Labels& labels,
                                                                  bool all) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Not logged with the mutating calls, but `fails` may refuse it as "list".
  if (fails && fails("list")) throw docker::EngineError("fake list", 500, "injected failure");
  std::vector<docker::ContainerSummary> result;
  for (const auto& [id, container] : containers_) {
    if (!all && container.state != "running") continue;
    if (!labels_match(container.spec.labels, labels)) continue;
    docker::ContainerSummary summary;
    summary.id = id;
    summary.name = container.spec.name;
    summary.image = container.spec.image;
    summary.state = container.state;
    summary.labels = container.spec.labels;
    if (container.state == "running") summary.ports = container.spec.ports;
    result.push_back(summary);
  }
  return result;
}

std::string FakeEngine::container_logs(const std::string&, int) {
  return "";
}

docker::ExecResult FakeEngine::exec(const std::string& container_id,
                                    const std::vector<std::string>& command,
                                    std::chrono::milliseconds, const CancelToken*) {
  std::lock_guard<std::mutex> lock(mutex_);
  Container* container = find(container_id);
  if (container == nullptr || container->state != "running") {
    throw docker::EngineError("POST /exec", 409, "container is not running");
  }
  if (on_exec) return on_exec(*container, command);
  return {0, ""};
}

// Ends its subscription when destroyed, as a real one does.
class FakeSubscription : public docker::EventSubscription {
 public:
  FakeSubscription(FakeEngine& engine, int id) : engine_(engine), id_(id) {}
  ~FakeSubscription() override {
    std::lock_guard<std::mutex> lock(engine_.mutex_);
    engine_.subscribers_.erase(id_);
  }

 private:
  FakeEngine& engine_;
  int id_;
};

std::unique_ptr<docker::EventSubscription> FakeEngine::subscribe(
    const docker::EventFilter&, std::function<void(const docker::EngineEvent&)> on_event,
    std::function<void(const std::string&)>) {
  std::lock_guard<std::mutex> lock(mutex_);
  int id = next_subscriber_++;
  subscribers_[id] = std::move(on_event);
  return std::make_unique<FakeSubscription>(*this, id);
}

void FakeEngine::emit(const Container& container, const std::string& action) {
  docker::EngineEvent event;
  event.action = action;
  event.container_id = container.id;
  event.attributes = container.spec.labels;
  event.attributes["exitCode"] = std::to_string(container.exit_code);
  for (const auto& [id, subscriber] : subscribers_) subscriber(event);
}

void FakeEngine::emit_if_died(const Container& container, const std::string& before) {
  if (before == "running" && container.state == "exited") emit(container, "die");
}

std::optional<docker::NetworkInfo> FakeEngine::inspect_network(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto found = networks_.find(name);
  if (found == networks_.end()) return std::nullopt;
  return docker::NetworkInfo{"net-" + name, name, "bridge", found->second};
}

std::string FakeEngine::create_network(const std::string& name, const docker::Labels& labels) {
  std::lock_guard<std::mutex> lock(mutex_);
  enter("create-network " + name);
  networks_[name] = labels;
  return "net-" + name;
}

void FakeEngine::remove_network(const std::string& name) {
  std::lock_guard<std::mutex> lock(mutex_);
  enter("remove-network " + name);
  networks_.erase(name);
}

}  // namespace chora::testing
