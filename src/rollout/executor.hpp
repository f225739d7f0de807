#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "health/level_check.hpp"
#include "rollout/release_context.hpp"
#include "rollout/service_record.hpp"
#include "util/cancel.hpp"

namespace chora::rollout {

// How a release ended.
enum class Outcome {
  kCommitted,           // every service passed; old containers were cleaned up
  kNotStarted,          // it failed before its first change (the network could not be made)
  kRolledBack,          // a service failed; every changed service is back as it was
  kRollbackIncomplete,  // a service failed and some could not be put back
};

struct RolloutResult {
  Outcome outcome = Outcome::kCommitted;
  std::string failure;                // what failed the release
  std::vector<std::string> problems;  // what the rollback could not restore
  std::vector<std::string> warnings;  // clean-up steps that failed after the commit
  std::chrono::duration<double> duration{0};
};

// Performs a plan on the engine as one unit. Services roll in dependency order, each
// starting as soon as everything it depends on has passed its gate (or, in strict
// waves, the whole previous wave), independent ones in parallel up to the manifest's
// max_parallel. If one fails (or `cancel` is set), no further service starts, the ones in
// flight are stopped at their gates, and every changed service is rolled back in
// reverse dependency order, independent ones side by side. Only when all pass, and
// every new container still runs at the end, are old containers and removed services
// cleaned up.
class Executor {
 public:
  Executor(const ReleaseContext& context, CancelToken& cancel);

  RolloutResult run();

 private:
  void report_start();
  void prepare_network();
  void roll_forward_all();
  void start_ready_services(std::vector<std::thread>& workers);
  bool passed(const std::string& service) const;
  bool may_start(const std::string& service) const;
  health::DependencyCheck dependency_check(const std::string& service);
  void roll_one(const std::string& service, const health::DependencyCheck& dependencies);
  // Publishes a worker's progress to the scheduler; a failure cancels the rest.
  void settle(ServiceRecord& record, ServiceRecord::State state, bool still_working);
  void check_still_running();
  void report_skipped();
  RolloutResult roll_back();
  RolloutResult commit();
  void report_release(report::Status status, const RolloutResult& result);

  const ReleaseContext& context_;
  CancelToken& cancel_;
  std::chrono::steady_clock::time_point started_;
  bool created_network_ = false;

  // Guarded by mutex_ while workers run.
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<std::string, ServiceRecord> records_;
  int rolling_ = 0;
  std::string first_failure_;
};

}  // namespace chora::rollout
