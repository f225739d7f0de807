#include "app/apply_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "app/engine_connection.hpp"
#include "app/release_loader.hpp"
#include "events/event_log.hpp"
#include "health/container_watch.hpp"
#include "plan/plan.hpp"
#include "report/log_reporter.hpp"
#include "rollout/executor.hpp"
#include "rollout/preflight.hpp"
#include "state/environment_lock.hpp"
#include "state/release_record.hpp"
#include "util/signal_watcher.hpp"

namespace chora::app {
namespace {

using report::Status;
using report::Step;

std::string bullet_list(const std::vector<std::string>& items) {
  std::string text;
  for (const std::string& item : items) text += "\n  - " + item;
  return text;
}

report::StepEvent release_event(Status status, std::string notes,
                                std::vector<std::string> errors = {}) {
  report::StepEvent event;
  event.step = Step::kRelease;
  event.status = status;
  event.notes = std::move(notes);
  event.errors = std::move(errors);
  return event;
}

state::ReleaseRecord record_of(const LoadedRelease& loaded, const plan::Plan& plan,
                               const events::ReleaseInfo& info) {
  state::ReleaseRecord record;
  record.release = info.release;
  record.environment = info.environment;
  record.revision = plan.revision;
  record.committed_at = events::rfc3339_utc(std::chrono::system_clock::now());
  record.trace_id = info.trace_id;
  record.deployed_by = info.deployed_by;
  for (const std::string& name : loaded.graph.rollout_order()) {
    record.services.push_back({name, loaded.manifest.find(name)->version});
  }
  return record;
}

// Nothing has changed yet: the preflight decides whether anything will.
void run_preflight(docker::DockerClient& engine, const LoadedRelease& loaded,
                   const plan::Plan& plan, events::EventLog& events) {
  bool local = engine.endpoint().kind == docker::Endpoint::Kind::kUnix;
  std::vector<std::string> problems =
      rollout::find_preflight_problems(engine, loaded.manifest, plan, local);
  if (problems.empty()) return;

  events.on_event(
      release_event(Status::kFailed, "preflight failed; nothing was changed", problems));
  throw Error(ErrorKind::kPreflight,
              fmt::format("preflight found {} problem(s); nothing was changed:{}", problems.size(),
                          bullet_list(problems)));
}

int exit_code_of(const rollout::RolloutResult& result) {
  switch (result.outcome) {
    case rollout::Outcome::kCommitted:
      return 0;
    case rollout::Outcome::kNotStarted:
      return exit_code_for(ErrorKind::kEngine);
    case rollout::Outcome::kRolledBack:
      return exit_code_for(ErrorKind::kReleaseFailed);
    case rollout::Outcome::kRollbackIncomplete:
      return exit_code_for(ErrorKind::kRollbackIncomplete);
  }
  return 1;
}

rollout::RolloutResult execute(docker::DockerClient& engine, const LoadedRelease& loaded,
                               const plan::Plan& plan, events::EventLog& events) {
  report::LogReporter log(loaded.manifest.release, loaded.manifest.environment);
  report::ObserverFanOut observers;
  observers.add(log);
  observers.add(events);
  // Signals are blocked before any thread starts: threads inherit the mask, and one
  // without it would let SIGINT kill the process in the middle of the release.
  CancelToken cancel;
  SignalWatcher signals(cancel);

  // Opened before the first container starts, so no event of this release is missed.
  // Warns by itself if the stream cannot be opened or is lost later.
  health::ContainerWatch watch(engine, loaded.manifest.environment);
  rollout::ReleaseContext context{engine, loaded.manifest, loaded.graph, plan, observers, &watch};

  return rollout::Executor(context, cancel).run();
}

}  // namespace

int run_apply(const GlobalOptions& global, const ApplyOptions& options) {
  LoadedRelease loaded = load_release(options.manifest_path);
  const manifest::Manifest& manifest = loaded.manifest;
  std::unique_ptr<docker::DockerClient> engine = connect_engine();

  std::string state_dir = global.resolved_state_dir();
  events::ReleaseInfo info{
      manifest.release, manifest.environment, 0, manifest.trace_id,
      options.deployed_by.empty() ? events::default_deployed_by() : options.deployed_by};
  state::EnvironmentLock lock = state::EnvironmentLock::acquire(
      state_dir, manifest.environment,
      fmt::format("{} (pid {}, release {})", info.deployed_by, ::getpid(), manifest.release));

  state::ObservedState observed =
      state::read_observed_state(*engine, manifest.environment, manifest.network);
  observed.revision_floor = state::read_last_revision(state_dir, manifest.environment);
  plan::Plan plan = plan::make_plan(manifest, loaded.graph, observed);
  info.revision = plan.revision;

  // Opened before any change: a release whose history cannot be written does not start.
  std::string events_path =
      options.events_path.empty() ? state_dir + "/deployment.jsonl" : options.events_path;
  events::EventLog events(events_path, info);
  // Taken before the first event: every attempt that leaves a line in the history, a
  // no-op and a refused one too, has a number of its own, never used again.
  state::write_last_revision(state_dir, manifest.environment, plan.revision);

  if (!plan.has_changes()) {
    spdlog::info("nothing to do: {} already runs release {}", manifest.environment,
                 manifest.release);
    events.on_event(release_event(Status::kSucceeded, "no changes"));
    auto recorded = state::read_release_record(state_dir, manifest.environment);
    if (!recorded || recorded->release != manifest.release) {
      state::write_release_record(state_dir, record_of(loaded, plan, info));
    }
    return 0;
  }

  run_preflight(*engine, loaded, plan, events);
  rollout::RolloutResult result = execute(*engine, loaded, plan, events);

  if (std::string error = events.write_error(); !error.empty()) spdlog::warn("{}", error);
  if (result.outcome == rollout::Outcome::kCommitted) {
    state::write_release_record(state_dir, record_of(loaded, plan, info));
  } else if (result.outcome == rollout::Outcome::kRollbackIncomplete) {
    spdlog::critical("a person must look at environment {}:{}", manifest.environment,
                     bullet_list(result.problems));
  }
  return exit_code_of(result);
}

}  // namespace chora::app
