#pragma once

#include <string>

#include "manifest/manifest.hpp"
#include "plan/plan.hpp"
#include "report/step_event.hpp"

namespace chora::rollout {

// Where one service stands during a release, and what was changed for it: exactly what
// a rollback needs to undo.
struct ServiceRecord {
  enum class State {
    kWaiting,    // its turn has not come
    kRolling,    // a worker is on it
    kPassed,     // its new container passed the gate
    kFailed,     // it failed, and so the release
    kCancelled,  // stopped half way because the release failed elsewhere or was stopped
    kSkipped,    // never started: the release failed first
    kUnchanged,  // nothing to do
  };

  const manifest::Service* service = nullptr;
  plan::Action action;
  State state = State::kWaiting;
  std::string new_container_id;  // set as soon as the container exists
  std::string new_container_name;
  bool stopped_old = false;  // the previously serving container was stopped by us
  std::string failure;

  // True when the engine was changed for this service and a rollback must undo it.
  bool touched() const { return !new_container_id.empty() || stopped_old; }
};

// A step event about `record`, with the fields every service event carries.
report::StepEvent service_event(const ServiceRecord& record, report::Step step,
                                report::Status status);

}  // namespace chora::rollout
