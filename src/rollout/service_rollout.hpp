#pragma once

#include <string>

#include "rollout/release_context.hpp"
#include "util/cancel.hpp"

namespace chora::rollout {

// Rolls one service forward, or back, reporting every step to the context's observer.
class ServiceRollout {
 public:
  explicit ServiceRollout(const ReleaseContext& context) : context_(context) {}

  // Create or update: starts the new container (stopping the old one first under
  // stop-first) and holds it behind its health gate. Returns true when the service
  // passed; on false, record.failure says why. Whatever was changed is noted in
  // `record` as it happens, so a rollback can undo it.
  bool roll_forward(ServiceRecord& record, CancelToken& cancel);

  // After a start-first update passed: stops the old container, which is kept until the
  // release is committed. Returns false with record.failure set when it would not stop.
  bool retire_old(ServiceRecord& record);

  // Undoes what roll_forward and retire_old changed: removes the new container and, when the old
  // one was serving before the release, starts it again and checks it is healthy. Returns false
  // with `problem` set when the service could not be put back.
  bool roll_back(ServiceRecord& record, std::string& problem);

 private:
  void stop_old(ServiceRecord& record);
  void start_new(ServiceRecord& record);
  // Waits for `container` to pass the service's gate and reports the outcome as a
  // health gate event about `version`.
  bool hold_at_gate(const ServiceRecord& record, const std::string& container_id,
                    const std::string& container_name, const std::string& version,
                    CancelToken& cancel, std::string& failure);
  void restore_old(ServiceRecord& record);

  const ReleaseContext& context_;
};

}  // namespace chora::rollout
