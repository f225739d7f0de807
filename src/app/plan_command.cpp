#include "app/plan_command.hpp"

#include <iostream>

#include <fmt/format.h>

#include "app/engine_connection.hpp"
#include "app/release_loader.hpp"
#include "plan/plan.hpp"
#include "report/plan_view.hpp"
#include "rollout/preflight.hpp"
#include "state/environment_lock.hpp"
#include "state/release_record.hpp"
#include "util/error.hpp"

namespace chora::app {

int run_plan(const GlobalOptions& global, const PlanOptions& options) {
  LoadedRelease loaded = load_release(options.manifest_path);
  const manifest::Manifest& manifest = loaded.manifest;
  std::unique_ptr<docker::DockerClient> engine = connect_engine();

  // Only reads: the plan is computed from labels the engine already has.
  std::string state_dir = global.resolved_state_dir();
  plan::Plan plan;
  std::optional<std::string> applying =
      state::EnvironmentLock::holder_during(state_dir, manifest.environment, [&] {
        state::ObservedState observed =
            state::read_observed_state(*engine, manifest.environment, manifest.network);
        observed.revision_floor = state::read_last_revision(state_dir, manifest.environment);
        plan = plan::make_plan(manifest, loaded.graph, observed);
      });
  // The preflight only looks (images, names, networks, files, ports), so the plan can say
  // now what apply would refuse, instead of the reader learning it from a failed apply.
  if (plan.has_changes()) {
    bool local = engine->endpoint().kind == docker::Endpoint::Kind::kUnix;
    plan.blockers = rollout::find_preflight_problems(*engine, manifest, plan, local);
  }
  // What the plan read may have been half way, and may change as it is shown.
  if (applying) {
    plan.blockers.insert(
        plan.blockers.begin(),
        fmt::format("environment '{}' is locked by {}: an apply is running, so what runs may "
                    "still change; plan again once it has ended",
                    manifest.environment, *applying));
  }

  if (options.output == "json") {
    std::cout << report::plan_to_json(plan).dump(2) << "\n";
  } else {
    std::cout << report::plan_to_text(plan);
  }
  // A plan apply would refuse is not one to go ahead with: CI sees it as apply would.
  if (!plan.blockers.empty()) return exit_code_for(ErrorKind::kPreflight);
  return options.detailed_exitcode && plan.has_changes() ? 2 : 0;
}

}  // namespace chora::app
