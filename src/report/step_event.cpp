#include "report/step_event.hpp"

namespace chora::report {

std::string_view step_name(Step step) {
  switch (step) {
    case Step::kRelease:
      return "release";
    case Step::kNetwork:
      return "release.network";
    case Step::kDeploy:
      return "service.deploy";
    case Step::kHealthGate:
      return "service.health_gate";
    case Step::kUnchanged:
      return "service.unchanged";
    case Step::kSkipped:
      return "service.skipped";
    case Step::kRollback:
      return "service.rollback";
    case Step::kRemove:
      return "service.remove";
    case Step::kCleanup:
      return "service.cleanup";
  }
  return "release";
}

std::string_view status_name(Status status) {
  switch (status) {
    case Status::kStarted:
      return "started";
    case Status::kSucceeded:
      return "succeeded";
    case Status::kFailed:
      return "failed";
    case Status::kSkipped:
      return "skipped";
    case Status::kRolledBack:
      return "rolled_back";
    case Status::kRollbackIncomplete:
      return "rollback_incomplete";
  }
  return "started";
}

void ObserverFanOut::on_event(const StepEvent& event) {
  for (RolloutObserver* observer : observers_) {
    // Reporting must never cut a release or its rollback short.
    try {
      observer->on_event(event);
    } catch (...) {
    }
  }
}

}  // namespace chora::report
