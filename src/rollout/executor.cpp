#include "rollout/executor.hpp"

#include <algorithm>
#include <set>
#include <system_error>

#include <fmt/format.h>

#include "health/dependency_check.hpp"
#include "plan/labels.hpp"
#include "rollout/cleanup.hpp"
#include "rollout/container_spec.hpp"
#include "rollout/reverse_order.hpp"
#include "rollout/service_rollout.hpp"

namespace chora::rollout {
namespace {

using report::Status;
using report::Step;
using State = ServiceRecord::State;

}  // namespace

Executor::Executor(const ReleaseContext& context, CancelToken& cancel)
    : context_(context), cancel_(cancel) {
  for (const std::vector<plan::Action>& wave : context_.plan.waves) {
    for (const plan::Action& action : wave) {
      ServiceRecord& record = records_[action.service];
      record.service = context_.manifest.find(action.service);
      record.action = action;
      record.state = action.changes() ? State::kWaiting : State::kUnchanged;
    }
  }
}

RolloutResult Executor::run() {
  started_ = std::chrono::steady_clock::now();
  report_start();

  try {
    prepare_network();
  } catch (const Error& error) {
    RolloutResult result;
    result.outcome = Outcome::kNotStarted;
    result.failure = error.what();
    report_release(Status::kFailed, result);
    return result;
  }
  roll_forward_all();
  if (first_failure_.empty()) check_still_running();

  RolloutResult result = first_failure_.empty() ? commit() : roll_back();
  result.duration = seconds_since(started_);
  return result;
}

void Executor::report_start() {
  const plan::Plan& plan = context_.plan;
  report::StepEvent begin;
  begin.step = Step::kRelease;
  begin.notes = fmt::format("revision {}: {}", plan.revision, plan.summary());
  context_.observer.on_event(begin);

  // The release's history names every service, the ones left as they are too.
  for (const std::string& name : context_.graph.rollout_order()) {
    const ServiceRecord& record = records_.at(name);
    if (record.state != State::kUnchanged) continue;
    report::StepEvent event = service_event(record, Step::kUnchanged, Status::kSkipped);
    event.container_id = record.action.current.front().id;
    event.container_name = record.action.current.front().name;
    context_.observer.on_event(event);
  }
}

void Executor::prepare_network() {
  if (!context_.plan.create_network) return;

  const std::string& network = context_.manifest.network;
  with_context("creating network " + network,
               [&] { context_.engine.create_network(network, network_labels(context_.manifest)); });
  created_network_ = true;

  report::StepEvent event;
  event.step = Step::kNetwork;
  event.status = Status::kSucceeded;
  event.notes = "created network " + network;
  context_.observer.on_event(event);
}

// The scheduling loop: under the lock, start whatever is ready, then sleep until a
// worker reports. Ends when nothing is rolling and nothing more can start.
void Executor::roll_forward_all() {
  std::vector<std::thread> workers;
  {
    std::unique_lock<std::mutex> lock(mutex_);
    while (true) {
      if (first_failure_.empty() && !cancel_.cancelled()) start_ready_services(workers);
      if (rolling_ == 0) break;
      changed_.wait(lock);
    }
  }
  for (std::thread& worker : workers) worker.join();

  if (first_failure_.empty() && cancel_.cancelled()) first_failure_ = cancel_.reason();
  report_skipped();
}

void Executor::start_ready_services(std::vector<std::thread>& workers) {
  int cap = context_.manifest.max_parallel;
  for (const std::string& name : context_.graph.rollout_order()) {
    if (cap > 0 && rolling_ >= cap) return;
    ServiceRecord& record = records_.at(name);
    if (record.state != State::kWaiting || !may_start(name)) continue;
    health::DependencyCheck dependencies = dependency_check(name);
    try {
      workers.emplace_back([this, name, dependencies] { roll_one(name, dependencies); });
    } catch (const std::system_error& error) {
      // Without a thread the service cannot roll; that fails the release like a gate.
      record.state = State::kFailed;
      first_failure_ = fmt::format("{}: could not start a worker: {}", name, error.what());
      cancel_.cancel(name + " failed");
      return;
    }
    record.state = State::kRolling;
    ++rolling_;
  }
}

bool Executor::passed(const std::string& service) const {
  State state = records_.at(service).state;
  return state == State::kPassed || state == State::kUnchanged;
}

// A service may start once what it depends on has passed; in strict waves, once every
// service of the earlier waves has.
bool Executor::may_start(const std::string& service) const {
  const std::vector<std::string>& dependencies = context_.graph.dependencies_of(service);
  bool ready = std::all_of(dependencies.begin(), dependencies.end(),
                           [this](const std::string& d) { return passed(d); });
  if (!ready || !context_.manifest.strict_waves) return ready;

  int wave = context_.graph.wave_of(service);
  for (int earlier = 1; earlier < wave; ++earlier) {
    for (const std::string& other : context_.graph.waves()[earlier - 1]) {
      if (!passed(other)) return false;
    }
  }
  return true;
}

// The dependencies' side of a service's readiness: each container now serving a service
// it depends on must still pass its running, healthcheck and liveness levels. Taken when
// the service starts, under the lock, from records that no longer change.
health::DependencyCheck Executor::dependency_check(const std::string& service) {
  struct Serving {
    const manifest::Service* spec;
    std::vector<std::string> ids;
  };
  std::vector<Serving> serving;
  for (const std::string& name : context_.graph.dependencies_of(service)) {
    const ServiceRecord& record = records_.at(name);
    if (!record.action.task) serving.push_back({record.service, record.serving_ids()});
  }
  if (serving.empty()) return nullptr;

  const ReleaseContext& context = context_;
  return [serving, &context]() -> health::ProbeResult {
    for (const Serving& dependency : serving) {
      health::ProbeResult result = health::check_dependency(
          context.engine, context.manifest.network, *dependency.spec, dependency.ids);
      if (!result.passed()) return result;
    }
    return {health::ProbeResult::Verdict::kPass, "dependencies healthy"};
  };
}

// Runs on a worker thread. The record is this worker's alone while it is rolling. A
// service counts as passed as soon as its gates pass, so dependents start while its
// last old containers are still being stopped.
void Executor::roll_one(const std::string& service, const health::DependencyCheck& dependencies) {
  ServiceRecord& record = records_.at(service);
  ServiceRollout rollout(context_);
  State reached = rollout.roll_forward(record, cancel_, dependencies);
  settle(record, reached, /*still_working=*/reached == State::kPassed);
  if (reached != State::kPassed) return;

  // A release that failed meanwhile will roll this service back: its old containers
  // keep serving until then.
  bool retired = cancel_.cancelled() || rollout.retire_old(record);
  settle(record, retired ? State::kPassed : State::kFailed, /*still_working=*/false);
}

void Executor::settle(ServiceRecord& record, State state, bool still_working) {
  std::lock_guard<std::mutex> lock(mutex_);
  record.state = state;
  if (!still_working) --rolling_;
  // Only a real failure names the release's cause; a gate stopped because of it does not.
  if (state == State::kFailed && first_failure_.empty()) {
    first_failure_ = record.action.service + ": " + record.failure;
    cancel_.cancel(record.action.service + " failed");
  }
  changed_.notify_all();
}

// The last look before the commit: a service that passed its gate early may have died
// while later ones rolled, and committing it would leave the environment broken. One list
// of the environment's containers answers for all of them; a service that seems not to
// run is then inspected, for the exact reason.
void Executor::check_still_running() {
  std::set<std::string> running;
  try {
    docker::Labels environment = {
        {std::string(plan::labels::kEnvironment), context_.manifest.environment}};
    for (const docker::ContainerSummary& container :
         context_.engine.list_containers(environment, true)) {
      if (container.state == "running") running.insert(container.id);
    }
  } catch (const Error&) {
    // Unknown, then: each service is inspected below.
  }
  auto all_running = [&running](const ServiceRecord& record) {
    std::vector<std::string> ids = record.serving_ids();
    return std::all_of(ids.begin(), ids.end(),
                       [&running](const std::string& id) { return running.count(id) > 0; });
  };

  for (const std::string& name : context_.graph.rollout_order()) {
    ServiceRecord& record = records_.at(name);
    if (record.state != State::kPassed || record.action.task || all_running(record)) continue;
    if (ServiceRollout(context_).still_running(record)) continue;

    record.state = State::kFailed;
    first_failure_ = name + ": " + record.failure;
    return;
  }
}

void Executor::report_skipped() {
  for (const std::string& name : context_.graph.rollout_order()) {
    ServiceRecord& record = records_.at(name);
    if (record.state != State::kWaiting) continue;
    record.state = State::kSkipped;
    report::StepEvent event = service_event(record, Step::kSkipped, Status::kSkipped);
    event.notes = "not rolled: the release failed first";
    context_.observer.on_event(event);
  }
}

// Every changed service goes back in reverse dependency order, independent ones side by
// side, so the environment spends as little time half old, half new as it can.
RolloutResult Executor::roll_back() {
  RolloutResult result;
  result.failure = first_failure_;

  std::vector<std::string> touched;
  for (const std::string& name : context_.graph.rollout_order()) {
    if (records_.at(name).touched()) touched.push_back(name);
  }
  std::mutex problems_mutex;
  std::map<std::string, std::string> problems;
  undo_in_reverse_dependency_order(context_.graph, touched, [&](const std::string& name) {
    // Each worker changes its own record only; the map itself is not changed meanwhile.
    std::string problem;
    try {
      if (ServiceRollout(context_).roll_back(records_.at(name), problem)) return;
    } catch (const std::exception& error) {
      problem = fmt::format("{}: the rollback stopped: {}", name, error.what());
    }
    std::lock_guard<std::mutex> lock(problems_mutex);
    problems[name] = problem;
  });
  for (auto name = touched.rbegin(); name != touched.rend(); ++name) {
    if (problems.count(*name) > 0) result.problems.push_back(problems[*name]);
  }

  if (created_network_) {
    try {
      context_.engine.remove_network(context_.manifest.network);
    } catch (const Error& error) {
      result.warnings.push_back(
          fmt::format("removing network {}: {}", context_.manifest.network, error.what()));
    }
  }

  result.outcome = result.problems.empty() ? Outcome::kRolledBack : Outcome::kRollbackIncomplete;
  report_release(result.problems.empty() ? Status::kRolledBack : Status::kRollbackIncomplete,
                 result);
  return result;
}

RolloutResult Executor::commit() {
  RolloutResult result;
  result.outcome = Outcome::kCommitted;
  result.warnings = Cleanup(context_).run(records_);
  report_release(Status::kSucceeded, result);
  return result;
}

void Executor::report_release(Status status, const RolloutResult& result) {
  report::StepEvent event;
  event.step = Step::kRelease;
  event.status = status;
  event.duration = seconds_since(started_);
  if (!result.failure.empty()) event.errors.push_back(result.failure);
  for (const std::string& problem : result.problems) event.errors.push_back(problem);
  for (const std::string& warning : result.warnings) event.errors.push_back(warning);
  context_.observer.on_event(event);
}

}  // namespace chora::rollout
