#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace chora::report {

// Which part of a release a step event is about.
enum class Step {
  kRelease,     // the release as a whole
  kNetwork,     // the release network
  kDeploy,      // creating and starting a service's new container
  kHealthGate,  // holding a new container behind its health checks
  kUnchanged,   // a service left as it is
  kSkipped,     // a service not rolled because the release already failed
  kRollback,    // putting a service back as it was
  kRemove,      // removing a service that left the manifest
  kCleanup,     // removing old containers once the release passed
};

enum class Status { kStarted, kSucceeded, kFailed, kSkipped, kRolledBack, kRollbackIncomplete };

std::string_view step_name(Step step);        // "release", "service.deploy", ...
std::string_view status_name(Status status);  // "started", "succeeded", ...

// One thing that happened during a release, for the terminal and for deployment.jsonl.
struct StepEvent {
  Step step = Step::kRelease;
  Status status = Status::kStarted;
  std::string service;           // empty for release-level events
  std::string version;           // the version this step is about
  std::string previous_version;  // the version before the release, when known
  std::string action;            // create|update|remove for service steps
  std::string strategy;          // start-first|stop-first for updates
  int wave = 0;
  int replicas = 1;                // of the service: with several, a container's line names it
  bool stopped_container = false;  // a deploy step that stopped an old container
  std::chrono::duration<double> duration{0};
  std::string container_id;
  std::string container_name;
  std::vector<std::string> reasons;  // why the action is needed
  std::vector<std::string> errors;
  std::string notes;
};

// Receives every step of a release as it happens. Called from several threads at once:
// implementations serialise themselves. They must not throw: a release in flight, or
// its rollback, cannot stop half way because a report failed.
class RolloutObserver {
 public:
  virtual ~RolloutObserver() = default;
  virtual void on_event(const StepEvent& event) = 0;
};

// Forwards each event to several observers, one event at a time; swallows whatever an
// observer throws despite the contract.
class ObserverFanOut : public RolloutObserver {
 public:
  void add(RolloutObserver& observer) { observers_.push_back(&observer); }
  void on_event(const StepEvent& event) override;

 private:
  std::vector<RolloutObserver*> observers_;
};

}  // namespace chora::report
