#include "rollout/service_rollout.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "rollout/container_spec.hpp"
#include "rollout/retry.hpp"

namespace chora::rollout {
namespace {

using report::Status;
using report::Step;
using State = ServiceRecord::State;
using Clock = std::chrono::steady_clock;

}  // namespace

void ServiceRollout::create_replicas(ServiceRecord& record, int first, int last,
                                     const std::string& image) {
  const plan::Action& action = record.action;
  for (int position = first; position <= last; ++position) {
    docker::ContainerSpec spec =
        container_spec(context_.manifest, *record.service, action.revision,
                       action.first_replica + position - 1, action.fingerprint);
    if (!image.empty()) spec.image = image;
    std::string id;
    with_context("creating container " + spec.name,
                 [&] { id = context_.engine.create_container(spec); });
    record.created.push_back({id, spec.name});
  }
}

void ServiceRollout::start_replicas(ServiceRecord& record, int first, int last) {
  for (int position = first; position <= last; ++position) {
    const ServiceRecord::Created& container = record.created[position - 1];
    const Clock::time_point start = Clock::now();
    with_context("starting container " + container.name,
                 [&] { context_.engine.start_container(container.id); });
    report::StepEvent event = container_event(record, Step::kDeploy, Status::kSucceeded, container);
    event.duration = seconds_since(start);
    context_.observer.on_event(event);
  }
}

// Stops a current container, noting it for the rollback. A stop is where a stop-first
// update's gap in service begins, and where a start-first one hands over: the log and the
// history say when it happened.
void ServiceRollout::stop_current(ServiceRecord& record, const plan::ContainerRef& stopped,
                                  const std::string& note) {
  auto timeout = std::chrono::ceil<std::chrono::seconds>(record.service->stop_timeout);
  const Clock::time_point start = Clock::now();
  with_context("stopping " + stopped.name,
               [&] { context_.engine.stop_container(stopped.id, timeout); });
  record.stopped_old.push_back(stopped.id);

  report::StepEvent event = service_event(record, Step::kDeploy, Status::kSucceeded);
  // About the old container: its own version, marked so that counting starts skips it.
  event.version = stopped.version;
  event.previous_version.clear();
  event.stopped_container = true;
  event.container_id = stopped.id;
  event.container_name = stopped.name;
  event.notes = note;
  event.duration = seconds_since(start);
  context_.observer.on_event(event);
}

void ServiceRollout::stop_old(ServiceRecord& record, int count) {
  for (const plan::ContainerRef& old : record.action.current) {
    if (count == 0) return;
    if (!(old.running || old.holds_ports) || record.stopped(old.id)) continue;
    stop_current(record, old,
                 "stopped old container " + old.name + "; kept until the release passes");
    --count;
  }
}

// The image the service's replicas run, by id. A tag rebuilt since they were created
// would otherwise give the added replicas other content under the same revision and
// configuration, and nothing could tell them apart.
std::string ServiceRollout::image_serving(const ServiceRecord& record) {
  const plan::ContainerRef& serving = record.action.current.front();
  std::optional<docker::ContainerDetails> details;
  with_context("inspecting replica " + serving.name,
               [&] { details = context_.engine.inspect_container(serving.id); });
  if (!details || details->image_id.empty()) {
    std::string why = "replica " + serving.name + " vanished before its service scaled";
    throw Error(ErrorKind::kEngine, why + "; apply again to see what runs");
  }
  return details->image_id;
}

State ServiceRollout::stop_retiring(ServiceRecord& record, CancelToken& cancel) {
  for (const plan::ContainerRef& replica : record.action.retiring) {
    // Each stop may take the stop timeout; the rollback would start it again anyway.
    if (cancel.cancelled()) {
      record.failure = "stopped: " + cancel.reason();
      return State::kCancelled;
    }
    stop_current(record, replica, "stopped " + replica.name + "; removed once the release passes");
  }
  return State::kPassed;
}

// The batch loop. Start-first keeps every old replica serving until new ones have
// passed in its place; the last old ones go in retire_old, once the service passed. A
// scale up adds its replicas beside the current ones, which keep serving.
State ServiceRollout::roll_batches(ServiceRecord& record, CancelToken& cancel,
                                   const health::DependencyCheck& dependencies) {
  const plan::Action& action = record.action;
  bool replaces = action.kind != plan::ActionKind::kScale;
  bool stop_first = replaces && action.strategy == plan::Strategy::kStopFirst;
  std::string image = replaces ? "" : image_serving(record);
  int count = action.new_containers();
  for (int first = 1; first <= count; first += action.parallelism) {
    int last = std::min(count, first + action.parallelism - 1);
    // Created before any old one stops: a spec the engine refuses costs no outage.
    create_replicas(record, first, last, image);
    if (stop_first) stop_old(record, last - first + 1);
    start_replicas(record, first, last);

    State reached = hold_at_gates(record, first, last, cancel, dependencies);
    if (reached != State::kPassed) return reached;
    bool last_batch = last == count;
    if (replaces && !stop_first && !last_batch && !cancel.cancelled()) {
      stop_old(record, last - first + 1);
    }
  }
  return State::kPassed;
}

State ServiceRollout::roll_forward(ServiceRecord& record, CancelToken& cancel,
                                   const health::DependencyCheck& dependencies) {
  const Clock::time_point start = Clock::now();
  context_.observer.on_event(service_event(record, Step::kDeploy, Status::kStarted));
  try {
    if (record.action.task) return run_task(record, cancel);
    if (!record.action.retiring.empty()) return stop_retiring(record, cancel);
    return roll_batches(record, cancel, dependencies);
  } catch (const Error& error) {
    record.failure = error.what();
    report::StepEvent event = service_event(record, Step::kDeploy, Status::kFailed);
    event.duration = seconds_since(start);
    event.errors.push_back(record.failure);
    context_.observer.on_event(event);
    return State::kFailed;
  }
}

bool ServiceRollout::retire_old(ServiceRecord& record) {
  // A task's last run has exited; a scale keeps its current replicas serving.
  if (record.action.task || record.action.kind == plan::ActionKind::kScale) return true;
  try {
    stop_old(record, static_cast<int>(record.action.current.size()));
    return true;
  } catch (const Error& error) {
    record.failure = error.what();
    return false;
  }
}

void ServiceRollout::restore_old(ServiceRecord& record, const plan::ContainerRef& old) {
  with_context("starting old container " + old.name,
               [&] { with_retries([&] { context_.engine.start_container(old.id); }); });

  // The old container answers to the gate it was created with. One from before gates
  // were recorded is only checked to stay up.
  manifest::HealthSpec health;
  health.timeout = record.service->health.timeout;
  if (old.health) health = *old.health;
  std::string network = old.network.empty() ? context_.manifest.network : old.network;

  // A rollback is never cancelled: it must finish, or say plainly that it did not.
  CancelToken never;
  health::LevelCheck check(context_.engine, health, network, nullptr,
                           health::output_quoting_of(*record.service));
  health::GateOutcome outcome =
      health::HealthGate(std::move(check), context_.watch).wait(old.id, never);
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
  if (!record.action.current.empty()) {
    event.version = record.action.current_version();
    event.previous_version = record.action.version;
  }
  context_.observer.on_event(event);

  std::vector<std::string> left;
  for (const ServiceRecord::Created& created : record.created) {
    try {
      with_context("removing new container " + created.name, [&] {
        with_retries([&] { context_.engine.remove_container(created.id, true); });
      });
    } catch (const Error& error) {
      left.push_back(
          fmt::format("{}; new container {} is still there", error.what(), created.name));
    }
  }
  for (const plan::ContainerRef& old : record.action.current) {
    if (!record.stopped(old.id)) continue;
    try {
      restore_old(record, old);
    } catch (const Error& error) {
      left.push_back(error.what());  // names the old container and how it was left
    }
  }
  if (!left.empty()) {
    problem = fmt::format("{}: {}", record.action.service, fmt::join(left, "; "));
  }

  event.status = problem.empty() ? Status::kSucceeded : Status::kFailed;
  event.duration = seconds_since(start);
  if (!problem.empty()) event.errors.push_back(problem);
  context_.observer.on_event(event);
  return problem.empty();
}

}  // namespace chora::rollout
