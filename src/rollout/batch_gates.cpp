// The health gates of one batch of a service's replicas.

#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "health/level_check.hpp"
#include "rollout/service_rollout.hpp"

namespace chora::rollout {
namespace {

using report::Status;
using report::Step;
using State = ServiceRecord::State;
using Result = health::GateOutcome::Result;

// The outcome that speaks for the batch: the first real failure, else the first
// replica stopped because of one elsewhere, else nullptr (every replica passed).
const health::GateOutcome* worst(const std::vector<health::GateOutcome>& outcomes,
                                 std::size_t& index) {
  for (Result result : {Result::kFailed, Result::kCancelled}) {
    for (index = 0; index < outcomes.size(); ++index) {
      if (outcomes[index].result == result) return &outcomes[index];
    }
  }
  return nullptr;
}

Status gate_status(const health::GateOutcome& outcome) {
  switch (outcome.result) {
    case Result::kPassed:
      return Status::kSucceeded;
    case Result::kCancelled:
      return Status::kSkipped;
    case Result::kFailed:
      break;
  }
  return Status::kFailed;
}

// What the exception being handled says, whatever its type.
std::string describe_current_exception() {
  try {
    throw;
  } catch (const std::exception& error) {
    return error.what();
  } catch (...) {
    return "an unknown error";
  }
}

}  // namespace

// The failed end of a gate whose own reporting did not get that far. Best effort: it runs
// where nothing may throw.
void ServiceRollout::report_gate_failure(const ServiceRecord& record,
                                         const ServiceRecord::Created& container,
                                         const std::string& failure) noexcept {
  try {
    report::StepEvent event =
        container_event(record, Step::kHealthGate, Status::kFailed, container);
    event.errors.push_back(failure);
    context_.observer.on_event(event);
  } catch (...) {
    // The release fails either way; only this line of its history is lost.
  }
}

health::GateOutcome ServiceRollout::hold_one(const ServiceRecord& record,
                                             const ServiceRecord::Created& container,
                                             CancelToken& cancel,
                                             const health::DependencyCheck& dependencies) {
  context_.observer.on_event(
      container_event(record, Step::kHealthGate, Status::kStarted, container));
  health::LevelCheck check(context_.engine, record.service->health, context_.manifest.network,
                           dependencies, health::output_quoting_of(*record.service));
  health::GateOutcome outcome =
      health::HealthGate(std::move(check), context_.watch).wait(container.id, cancel);

  report::StepEvent event =
      container_event(record, Step::kHealthGate, gate_status(outcome), container);
  event.duration = outcome.elapsed;
  if (outcome.result == Result::kCancelled) {
    // Stopped because the release failed elsewhere (or a sibling replica did), or was
    // interrupted: nothing was decided about this container. The reason is a note, so
    // the errors of a release name only its cause.
    event.notes = outcome.failure;
  } else {
    event.notes = fmt::format("{}", fmt::join(outcome.checks, "; "));
    if (outcome.result == Result::kFailed) event.errors.push_back(outcome.failure);
  }
  context_.observer.on_event(event);
  return outcome;
}

// Each replica of the batch waits at its own gate at the same time, so a batch takes one
// stabilisation window, not one per replica. The first replica that fails stops the
// release, and with it its siblings' gates.
State ServiceRollout::hold_at_gates(ServiceRecord& record, int first, int last, CancelToken& cancel,
                                    const health::DependencyCheck& dependencies) {
  std::size_t count = static_cast<std::size_t>(last - first + 1);
  std::vector<health::GateOutcome> outcomes(count);
  std::vector<std::thread> gates;
  for (std::size_t i = 0; i < count; ++i) {
    // Never throws: an exception leaving a thread would end the process.
    auto gate = [&, i]() noexcept {
      const ServiceRecord::Created& container = record.created[first - 1 + i];
      try {
        outcomes[i] = hold_one(record, container, cancel, dependencies);
      } catch (...) {
        outcomes[i].result = Result::kFailed;
        outcomes[i].failure = "the gate could not run: " + describe_current_exception();
        report_gate_failure(record, container, outcomes[i].failure);
      }
      if (outcomes[i].result == Result::kFailed && count > 1) {
        cancel.cancel(record.action.service + " failed");
      }
    };
    if (i + 1 < count) {
      try {
        gates.emplace_back(gate);
        continue;
      } catch (const std::system_error&) {
        // No thread to be had: this replica waits here, before the rest are looked at.
      }
    }
    gate();
  }
  for (std::thread& thread : gates) thread.join();

  std::size_t index = 0;
  if (const health::GateOutcome* failed = worst(outcomes, index)) {
    const std::string& name = record.created[first - 1 + index].name;
    if (failed->result == Result::kCancelled) {
      record.failure = fmt::format("health gate of {} {}", name, failed->failure);
      return State::kCancelled;
    }
    record.failure = fmt::format("health gate failed for {}: {}", name, failed->failure);
    return State::kFailed;
  }
  return still_running(record) ? State::kPassed : State::kFailed;
}

bool ServiceRollout::still_running(ServiceRecord& record) {
  if (record.action.task) return true;  // a task is meant to have exited

  // Level 1 alone: what passed its gate once need not pass its probes again to be kept.
  manifest::HealthSpec running_only;
  running_only.require = {manifest::HealthLevel::kRunning};
  health::LevelCheck check(context_.engine, running_only, context_.manifest.network, nullptr,
                           health::output_quoting_of(*record.service));
  for (const ServiceRecord::Created& container : record.serving()) {
    health::Look look = check.look(container.id, std::chrono::seconds(2), false);
    if (const health::LevelResult* failure = look.first_failure()) {
      record.failure = record.keeps(container.id)
                           ? fmt::format("{}, kept serving, no longer runs: {}", container.name,
                                         failure->result.detail)
                           : fmt::format("{} passed its gate, but then: {}", container.name,
                                         failure->result.detail);
      report::StepEvent event =
          container_event(record, Step::kHealthGate, Status::kFailed, container);
      event.errors.push_back(record.failure);
      context_.observer.on_event(event);
      return false;
    }
  }
  return true;
}

}  // namespace chora::rollout
