#include "rollout/service_rollout.hpp"

#include <fmt/format.h>

#include "health/gate.hpp"
#include "rollout/container_spec.hpp"

namespace chora::rollout {
namespace {

using report::Status;
using report::Step;
using Clock = std::chrono::steady_clock;

bool old_was_serving(const ServiceRecord& record) {
  return record.action.current && record.action.current->running;
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

void ServiceRollout::start_new(ServiceRecord& record) {
  docker::ContainerSpec spec = container_spec(context_.manifest, *record.service,
                                              context_.plan.revision, record.action.fingerprint);
  with_context("creating container " + spec.name,
               [&] { record.new_container_id = context_.engine.create_container(spec); });
  record.new_container_name = spec.name;
  with_context("starting container " + spec.name,
               [&] { context_.engine.start_container(record.new_container_id); });
}

bool ServiceRollout::hold_at_gate(const ServiceRecord& record, const std::string& container_id,
                                  const std::string& container_name, const std::string& version,
                                  CancelToken& cancel, std::string& failure) {
  health::HealthGate gate(context_.engine, record.service->health, context_.manifest.network);
  health::GateOutcome outcome = gate.wait(container_id, cancel);

  report::StepEvent event = service_event(record, Step::kHealthGate,
                                          outcome.passed ? Status::kSucceeded : Status::kFailed);
  event.duration = outcome.elapsed;
  event.version = version;
  event.container_id = container_id;
  event.container_name = container_name;
  event.notes = fmt::format("{}", fmt::join(outcome.checks, "; "));
  if (!outcome.passed) event.errors.push_back(outcome.failure);
  context_.observer.on_event(event);

  failure = outcome.failure;
  return outcome.passed;
}

bool ServiceRollout::roll_forward(ServiceRecord& record, CancelToken& cancel) {
  const Clock::time_point start = Clock::now();
  context_.observer.on_event(service_event(record, Step::kDeploy, Status::kStarted));

  try {
    bool stop_first = record.action.strategy == plan::Strategy::kStopFirst;
    if (stop_first && old_was_serving(record)) stop_old(record);
    start_new(record);
  } catch (const Error& error) {
    record.failure = error.what();
    report::StepEvent event = service_event(record, Step::kDeploy, Status::kFailed);
    event.duration = seconds_since(start);
    event.errors.push_back(record.failure);
    context_.observer.on_event(event);
    return false;
  }
  report::StepEvent started = service_event(record, Step::kDeploy, Status::kSucceeded);
  started.duration = seconds_since(start);
  context_.observer.on_event(started);

  context_.observer.on_event(service_event(record, Step::kHealthGate, Status::kStarted));
  std::string failure;
  if (!hold_at_gate(record, record.new_container_id, record.new_container_name,
                    record.action.version, cancel, failure)) {
    record.failure = "health gate failed: " + failure;
    return false;
  }

  return true;
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

void ServiceRollout::restore_old(ServiceRecord& record) {
  const plan::ContainerRef& old = *record.action.current;
  if (record.stopped_old) {
    with_context("starting old container " + old.name,
                 [&] { context_.engine.start_container(old.id); });
  }

  // A rollback is never cancelled: it must finish, or say plainly that it did not.
  CancelToken never;
  std::string failure;
  if (!hold_at_gate(record, old.id, old.name, old.version, never, failure)) {
    throw Error(ErrorKind::kRollbackIncomplete,
                fmt::format("old container {} is not healthy again: {}", old.name, failure));
  }
}

bool ServiceRollout::roll_back(ServiceRecord& record, std::string& problem) {
  const Clock::time_point start = Clock::now();
  context_.observer.on_event(service_event(record, Step::kRollback, Status::kStarted));

  try {
    if (!record.new_container_id.empty()) {
      with_context("removing new container " + record.new_container_name,
                   [&] { context_.engine.remove_container(record.new_container_id, true); });
    }
    if (old_was_serving(record)) restore_old(record);
  } catch (const Error& error) {
    problem = fmt::format("{}: {}", record.action.service, error.what());
  }

  report::StepEvent event = service_event(record, Step::kRollback,
                                          problem.empty() ? Status::kSucceeded : Status::kFailed);
  // A rollback moves from the new version back to the old one, when there was one.
  event.previous_version = record.action.current ? record.action.version : "";
  if (record.action.current) event.version = record.action.current->version;
  event.duration = seconds_since(start);
  if (!problem.empty()) event.errors.push_back(problem);
  context_.observer.on_event(event);
  return problem.empty();
}

}  // namespace chora::rollout
