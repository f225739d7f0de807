#pragma once

#include <string>

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

  // Create or update: creates the new container, stops the old one first under
  // stop-first, starts the new one and holds it behind its health gate. Returns the
  // state the service reached (kPassed, kFailed or kCancelled); record.failure says why
  // it did not pass. Whatever was changed is noted in `record` as it happens, so a
  // rollback can undo it.
  ServiceRecord::State roll_forward(ServiceRecord& record, CancelToken& cancel);

  // After a start-first update passed: stops the old container, which is kept until the
  // release is committed. Returns false with record.failure set when it would not stop.
  bool retire_old(ServiceRecord& record);

  // Undoes what roll_forward and retire_old changed: removes the new container and, when
  // the old one was serving before the release, starts it again and checks it against
  // the gate it was created with. Engine calls are retried. Returns false with `problem`
  // saying what is left as it should not be when the service could not be put back.
  bool roll_back(ServiceRecord& record, std::string& problem);

 private:
  void stop_old(ServiceRecord& record);
  void create_new(ServiceRecord& record);
  void start_new(ServiceRecord& record);

  // Waits for `container_id` to pass `health`, probed on `network`.
  health::GateOutcome hold_at_gate(const std::string& container_id,
                                   const manifest::HealthSpec& health, const std::string& network,
                                   CancelToken& cancel);
  // Starts the old container again if it was stopped, then checks it.
  void restore_old(ServiceRecord& record, bool& old_running);

  const ReleaseContext& context_;
};

}  // namespace chora::rollout
