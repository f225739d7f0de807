#include "rollout/service_rollout.hpp"

#include <fmt/format.h>

#include "rollout/container_spec.hpp"
#include "rollout/retry.hpp"

namespace chora::rollout {
namespace {

using report::Status;
using report::Step;
using State = ServiceRecord::State;
using Clock = std::chrono::steady_clock;

bool old_was_serving(const ServiceRecord& record) {
  return record.action.current && record.action.current->running;
}

report::StepEvent gate_event(const ServiceRecord& record, const health::GateOutcome& outcome) {
  Status status = outcome.passed() ? Status::kSucceeded : Status::kFailed;
  report::StepEvent event = service_event(record, Step::kHealthGate, status);
  event.duration = outcome.elapsed;
  event.notes = fmt::format("{}", fmt::join(outcome.checks, "; "));
  if (!outcome.passed()) event.errors.push_back(outcome.failure);
  return event;
}

}  // namespace

void ServiceRollout::stop_old(ServiceRecord& record) {
  const plan::ContainerRef& old = *record.action.current;
  with_context("stopping old container " + old.name, [&] {
    auto timeout = std::chrono::ceil<std::chrono::seconds>(record.service->stop_timeout);
    context_.engine.stop_container(old.id, timeout);
  });
  record.stopped_old = true;
}

void ServiceRollout::create_new(ServiceRecord& record) {
  docker::ContainerSpec spec = container_spec(context_.manifest, *record.service,
                                              context_.plan.revision, record.action.fingerprint);
  with_context("creating container " + spec.name,
               [&] { record.new_container_id = context_.engine.create_container(spec); });
  record.new_container_name = spec.name;
}

void ServiceRollout::start_new(ServiceRecord& record) {
  with_context("starting container " + record.new_container_name,
               [&] { context_.engine.start_container(record.new_container_id); });
}

health::GateOutcome ServiceRollout::hold_at_gate(const std::string& container_id,
                                                 const manifest::HealthSpec& health,
                                                 const std::string& network, CancelToken& cancel) {
  health::HealthGate gate(context_.engine, health, network);
  return gate.wait(container_id, cancel);
}

ServiceRecord::State ServiceRollout::roll_forward(ServiceRecord& record, CancelToken& cancel) {
  const Clock::time_point start = Clock::now();
  context_.observer.on_event(service_event(record, Step::kDeploy, Status::kStarted));

  // Created first: a spec the engine refuses then costs no outage under stop-first.
  try {
    create_new(record);
    bool stop_first = record.action.strategy == plan::Strategy::kStopFirst;
    if (stop_first && record.action.current && record.action.current->holds_ports) {
      stop_old(record);
    }
    start_new(record);
  } catch (const Error& error) {
    record.failure = error.what();
    report::StepEvent event = service_event(record, Step::kDeploy, Status::kFailed);
    event.duration = seconds_since(start);
    event.errors.push_back(record.failure);
    context_.observer.on_event(event);
    return State::kFailed;
  }
  report::StepEvent started = service_event(record, Step::kDeploy, Status::kSucceeded);
  started.duration = seconds_since(start);
  context_.observer.on_event(started);

  context_.observer.on_event(service_event(record, Step::kHealthGate, Status::kStarted));
  health::GateOutcome outcome = hold_at_gate(record.new_container_id, record.service->health,
                                             context_.manifest.network, cancel);
  context_.observer.on_event(gate_event(record, outcome));
  if (outcome.passed()) return State::kPassed;

  record.failure = "health gate failed: " + outcome.failure;
  return outcome.result == health::GateOutcome::Result::kCancelled ? State::kCancelled
                                                                   : State::kFailed;
}

bool ServiceRollout::retire_old(ServiceRecord& record) {
  if (record.stopped_old || !old_was_serving(record)) return true;
  try {
    stop_old(record);
    return true;
  } catch (const Error& error) {
    record.failure = error.what();
    return false;
  }
}

void ServiceRollout::restore_old(ServiceRecord& record, bool& old_running) {
  const plan::ContainerRef& old = *record.action.current;
  if (record.stopped_old) {
    with_context("starting old container " + old.name,
                 [&] { with_retries([&] { context_.engine.start_container(old.id); }); });
  }
  old_running = true;

  // The old container answers to the gate it was created with. An old container from
  // before gates were recorded is only checked to stay up.
  manifest::HealthSpec health;
  health.timeout = record.service->health.timeout;
  if (old.health) health = *old.health;
  std::string network = old.network.empty() ? context_.manifest.network : old.network;

  // A rollback is never cancelled: it must finish, or say plainly that it did not.
  CancelToken never;
  health::GateOutcome outcome = hold_at_gate(old.id, health, network, never);
  if (!outcome.passed()) {
    throw Error(
        ErrorKind::kRollbackIncomplete,
        fmt::format("old container {} is not healthy again: {}", old.name, outcome.failure));
  }
}

bool ServiceRollout::roll_back(ServiceRecord& record, std::string& problem) {
  const Clock::time_point start = Clock::now();
  // A rollback event is about the version it goes back to, from the one abandoned.
  report::StepEvent event = service_event(record, Step::kRollback, Status::kStarted);
  if (record.action.current) {
    event.version = record.action.current->version;
    event.previous_version = record.action.version;
    event.container_id = record.action.current->id;
    event.container_name = record.action.current->name;
  }
  context_.observer.on_event(event);

  bool new_removed = record.new_container_id.empty();
  bool old_running = !record.stopped_old;
  try {
    if (!new_removed) {
      with_context("removing new container " + record.new_container_name, [&] {
        with_retries([&] { context_.engine.remove_container(record.new_container_id, true); });
      });
      new_removed = true;
    }
    if (old_was_serving(record)) restore_old(record, old_running);
  } catch (const Error& error) {
    std::string left;
    if (!new_removed) left += "; new container " + record.new_container_name + " is still there";
    if (!old_running) left += "; old container " + record.action.current->name + " is stopped";
    problem = fmt::format("{}: {}{}", record.action.service, error.what(), left);
  }

  event.status = problem.empty() ? Status::kSucceeded : Status::kFailed;
  event.duration = seconds_since(start);
  if (!problem.empty()) event.errors.push_back(problem);
  context_.observer.on_event(event);
  return problem.empty();
}

}  // namespace chora::rollout
