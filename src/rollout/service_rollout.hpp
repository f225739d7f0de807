#pragma once

#include <string>
#include <vector>

#include "health/gate.hpp"
#include "rollout/release_context.hpp"
#include "rollout/service_record.hpp"
#include "util/cancel.hpp"

namespace chora::rollout {

// Rolls one service forward, or back, reporting every step to the context's observer.
// Engine errors are caught and become failures; nothing here throws.
class ServiceRollout {
 public:
  explicit ServiceRollout(const ReleaseContext& context) : context_(context) {}

  // Create or update, in batches of the service's parallelism. Per batch, start-first:
  // new replicas are created, started and held behind their gates, then as many old
  // ones stop; stop-first: old ones stop first. A scale adds its new replicas the same
  // way, from the image the others run, and stops none; or it only stops the replicas it
  // retires. A task instead runs to completion. Returns the state the service reached
  // (kPassed, kFailed or kCancelled); record.failure says why it did not pass. What was changed is
  // noted in `record` as it happens, so that a rollback can undo it. `dependencies` is the
  // dependencies' side of readiness.
  ServiceRecord::State roll_forward(ServiceRecord& record, CancelToken& cancel,
                                    const health::DependencyCheck& dependencies);

  // After a start-first update passed: stops the old containers still serving, which are
  // kept until the release is committed. Returns false with record.failure set when one
  // would not stop.
  bool retire_old(ServiceRecord& record);

  // Undoes what roll_forward and retire_old changed: removes the new containers and
  // starts the old ones it stopped again, checking each against the gate it was created
  // with. Engine calls are retried. Returns false with `problem` saying what is left as
  // it should not be when the service could not be put back.
  bool roll_back(ServiceRecord& record, std::string& problem);

  // Whether every container this release created for the service still runs: one that
  // passed its gate and died since (while a sibling replica or another service was still
  // at its gate) must not be committed. Returns false with record.failure set.
  bool still_running(ServiceRecord& record);

 private:
  ServiceRecord::State roll_batches(ServiceRecord& record, CancelToken& cancel,
                                    const health::DependencyCheck& dependencies);
  ServiceRecord::State run_task(ServiceRecord& record, CancelToken& cancel);

  // Creates the action's new containers [first, last] (1-based, numbered from the
  // action's first replica), noting each as it exists; then starts them. `image`, when
  // set, replaces the manifest's image reference.
  void create_replicas(ServiceRecord& record, int first, int last, const std::string& image = "");
  void start_replicas(ServiceRecord& record, int first, int last);
  // Stops up to `count` current containers still serving (or holding ports).
  void stop_old(ServiceRecord& record, int count);
  // A scale down: stops the replicas the action retires; they go at commit.
  ServiceRecord::State stop_retiring(ServiceRecord& record, CancelToken& cancel);
  std::string image_serving(const ServiceRecord& record);
  void stop_current(ServiceRecord& record, const plan::ContainerRef& stopped,
                    const std::string& note);
  // Holds the new containers of replicas [first, last] behind their gates, side by side.
  ServiceRecord::State hold_at_gates(ServiceRecord& record, int first, int last,
                                     CancelToken& cancel,
                                     const health::DependencyCheck& dependencies);
  void report_gate_failure(const ServiceRecord& record, const ServiceRecord::Created& container,
                           const std::string& failure) noexcept;
  health::GateOutcome hold_one(const ServiceRecord& record, const ServiceRecord::Created& container,
                               CancelToken& cancel, const health::DependencyCheck& dependencies);
  void restore_old(ServiceRecord& record, const plan::ContainerRef& old);

  const ReleaseContext& context_;
};

}  // namespace chora::rollout
