#pragma once

#include <string>
#include <vector>

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

  // A container this release created for the service (or, in serving(), one it kept).
  struct Created {
    std::string id;
    std::string name;
  };

  const manifest::Service* service = nullptr;
  plan::Action action;
  State state = State::kWaiting;
  std::vector<Created> created;          // each noted as soon as it exists
  std::vector<std::string> stopped_old;  // ids of current containers stopped by us
  std::string failure;

  // True when the engine was changed for this service and a rollback must undo it.
  bool touched() const { return !created.empty() || !stopped_old.empty(); }

  // Whether this release stopped the current container `id`.
  bool stopped(const std::string& id) const;

  // The containers that serve the service once it has passed (or is unchanged): the
  // new ones, and the current ones it keeps (all when unchanged, all but the retired
  // replicas for a scale).
  std::vector<Created> serving() const;
  std::vector<std::string> serving_ids() const;

  // Whether `id` is a current container this release keeps serving (unchanged, scale).
  bool keeps(const std::string& id) const;
};

// A step event about `record`, with the fields every service event carries (the
// container fields are left for the caller, who knows which container it is about).
report::StepEvent service_event(const ServiceRecord& record, report::Step step,
                                report::Status status);

// A service event about one of the containers this release created for it.
report::StepEvent container_event(const ServiceRecord& record, report::Step step,
                                  report::Status status, const ServiceRecord::Created& container);

}  // namespace chora::rollout
