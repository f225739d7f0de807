#include "rollout/executor.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "rollout/container_spec.hpp"
#include "rollout/service_rollout.hpp"

namespace chora::rollout {
namespace {

using report::Status;
using report::Step;
using State = ServiceRecord::State;

// How long a removed service gets to stop before it is killed.
constexpr std::chrono::seconds kRemovedServiceStopTimeout{10};

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
  report::StepEvent begin;
  begin.step = Step::kRelease;
  begin.notes = fmt::format("revision {}: {} to create, {} to update, {} unchanged, {} to remove",
                            context_.plan.revision, context_.plan.count(plan::ActionKind::kCreate),
                            context_.plan.count(plan::ActionKind::kUpdate),
                            context_.plan.count(plan::ActionKind::kUnchanged),
                            context_.plan.count(plan::ActionKind::kRemove));
  context_.observer.on_event(begin);

  try {
    prepare_network();
  } catch (const Error& error) {
    first_failure_ = error.what();
  }
  if (first_failure_.empty()) roll_forward_all();

  RolloutResult result = first_failure_.empty() ? commit() : roll_back();
  result.duration = seconds_since(started_);
  return result;
}

void Executor::prepare_network() {
  if (!context_.plan.create_network) return;

  const std::string& network = context_.manifest.network;
  report::StepEvent event;
  event.step = Step::kNetwork;
  event.notes = "network " + network;
  with_context("creating network " + network,
               [&] { context_.engine.create_network(network, network_labels(context_.manifest)); });
  created_network_ = true;
  event.status = Status::kSucceeded;
  context_.observer.on_event(event);
}

// The scheduling loop: under the lock, start whatever is ready, then sleep until a
// worker finishes. Ends when nothing is rolling and nothing more can start.
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
  for (const std::string& name : context_.graph.rollout_order()) {
    ServiceRecord& record = records_.at(name);
    if (record.state != State::kWaiting || !dependencies_passed(name)) continue;
    record.state = State::kRolling;
    ++rolling_;
    workers.emplace_back([this, name] { roll_one(name); });
  }
}

bool Executor::dependencies_passed(const std::string& service) const {
  const std::vector<std::string>& dependencies = context_.graph.dependencies_of(service);
  return std::all_of(dependencies.begin(), dependencies.end(), [this](const std::string& d) {
    State state = records_.at(d).state;
    return state == State::kPassed || state == State::kUnchanged;
  });
}

// Runs on a worker thread. The record is this worker's alone while it is rolling. A
// service counts as passed as soon as its gate passes, so dependents start while the old
// container is still being stopped.
void Executor::roll_one(const std::string& service) {
  ServiceRecord& record = records_.at(service);
  ServiceRollout rollout(context_);
  bool passed = guarded(record, [&] { return rollout.roll_forward(record, cancel_); });
  settle(record, passed ? State::kPassed : State::kFailed, /*still_working=*/passed);
  if (!passed) return;

  bool retired = guarded(record, [&] { return rollout.retire_old(record); });
  settle(record, retired ? State::kPassed : State::kFailed, /*still_working=*/false);
}

bool Executor::guarded(ServiceRecord& record, const std::function<bool()>& step) {
  try {
    return step();
  } catch (const std::exception& error) {
    record.failure = std::string("unexpected error: ") + error.what();
    return false;
  }
}

void Executor::settle(ServiceRecord& record, State state, bool still_working) {
  std::lock_guard<std::mutex> lock(mutex_);
  record.state = state;
  if (!still_working) --rolling_;
  if (state == State::kFailed && first_failure_.empty()) {
    first_failure_ = record.action.service + ": " + record.failure;
    cancel_.cancel(record.action.service + " failed");
  }
  changed_.notify_all();
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

RolloutResult Executor::roll_back() {
  RolloutResult result;
  result.failure = first_failure_;

  std::vector<std::string> order = context_.graph.rollout_order();
  std::reverse(order.begin(), order.end());
  for (const std::string& name : order) {
    ServiceRecord& record = records_.at(name);
    if (!record.touched()) continue;
    std::string problem;
    if (!ServiceRollout(context_).roll_back(record, problem)) result.problems.push_back(problem);
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

void Executor::remove_container(const plan::ContainerRef& container, const std::string& service,
                                Step step, std::vector<std::string>& warnings) {
  report::StepEvent event;
  event.step = step;
  event.service = service;
  event.version = container.version;
  event.container_id = container.id;
  event.container_name = container.name;
  try {
    if (container.running) {
      context_.engine.stop_container(container.id, kRemovedServiceStopTimeout);
    }
    context_.engine.remove_container(container.id, true);
    event.status = Status::kSucceeded;
  } catch (const Error& error) {
    std::string warning = fmt::format("removing {}: {}", container.name, error.what());
    warnings.push_back(warning);
    event.status = Status::kFailed;
    event.errors.push_back(warning);
  }
  context_.observer.on_event(event);
}

RolloutResult Executor::commit() {
  RolloutResult result;
  for (const std::string& name : context_.graph.rollout_order()) {
    const ServiceRecord& record = records_.at(name);
    if (record.state == State::kPassed && record.action.current) {
      plan::ContainerRef old = *record.action.current;
      old.running = false;  // stopped during the rollout
      remove_container(old, name, Step::kCleanup, result.warnings);
    }
    for (const plan::ContainerRef& leftover : record.action.leftovers) {
      remove_container(leftover, name, Step::kCleanup, result.warnings);
    }
  }

  for (const plan::Action& removal : context_.plan.removals) {
    remove_container(*removal.current, removal.service, Step::kRemove, result.warnings);
    for (const plan::ContainerRef& leftover : removal.leftovers) {
      remove_container(leftover, removal.service, Step::kCleanup, result.warnings);
    }
  }

  result.outcome = Outcome::kCommitted;
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
