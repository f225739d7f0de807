// A one-shot task of a release: run its container to completion.

#include <optional>

#include <fmt/format.h>

#include "health/service_output.hpp"
#include "rollout/service_rollout.hpp"
#include "util/duration.hpp"

namespace chora::rollout {
namespace {

using report::Status;
using report::Step;
using State = ServiceRecord::State;
using Clock = std::chrono::steady_clock;

// The last line the task wrote, to say why it failed in its own words.
std::string last_words(docker::Engine& engine, const std::string& id,
                       const manifest::Service& service) {
  try {
    return health::quote_last_line(engine.container_logs(id, 5),
                                   health::output_quoting_of(service));
  } catch (const Error&) {
    return "";
  }
}

}  // namespace

// Waits for the task's container to exit: 0 within the timeout passes, anything else
// fails the release like a failed gate. The watch wakes the wait the moment it dies.
State ServiceRollout::run_task(ServiceRecord& record, CancelToken& cancel) {
  create_replicas(record, 1, 1);
  start_replicas(record, 1, 1);
  const ServiceRecord::Created& task = record.created.front();
  report::StepEvent event = service_event(record, Step::kHealthGate, Status::kStarted);
  event.container_id = task.id;
  event.container_name = task.name;
  context_.observer.on_event(event);

  const manifest::HealthSpec& health = record.service->health;
  const Clock::time_point start = Clock::now();
  State reached = State::kFailed;
  while (true) {
    std::uint64_t seen = context_.watch ? context_.watch->events_seen(task.id) : 0;
    std::optional<docker::ContainerDetails> details;
    try {
      details = context_.engine.inspect_container(task.id);
    } catch (const Error& error) {
      record.failure = "the engine did not answer: " + error.message();
      break;
    }
    if (!details) {
      record.failure = "the task's container " + task.name + " no longer exists";
      break;
    }
    if (details->state.status == "exited" || details->state.status == "dead") {
      if (details->state.exit_code == 0)
        reached = State::kPassed;
      else
        record.failure =
            fmt::format("task {} exited with code {}{}", task.name, details->state.exit_code,
                        last_words(context_.engine, task.id, *record.service));
      break;
    }
    if (Clock::now() - start >= health.timeout) {
      record.failure = fmt::format("task {} did not finish within {}", task.name,
                                   format_duration(health.timeout));
      break;
    }
    bool awake = context_.watch
                     ? context_.watch->wait_for_change(task.id, seen, health.interval, cancel)
                     : cancel.sleep_for(health.interval);
    if (!awake) {
      record.failure = "stopped waiting: " + cancel.reason();
      reached = State::kCancelled;
      break;
    }
  }

  event.duration = seconds_since(start);
  if (reached == State::kPassed) {
    event.status = Status::kSucceeded;
    event.notes = "exited 0";
  } else if (reached == State::kCancelled) {
    // Stopped because the release failed elsewhere: not this task's failure.
    event.status = Status::kSkipped;
    event.notes = record.failure;
  } else {
    event.status = Status::kFailed;
    event.errors.push_back(record.failure);
  }
  context_.observer.on_event(event);
  return reached;
}

}  // namespace chora::rollout
