#include "health/dependency_check.hpp"

#include <fmt/format.h>

#include "health/level_check.hpp"

namespace chora::health {
namespace {

// A dependency's levels are looked at on every look of its dependent's gate: kept short.
constexpr std::chrono::seconds kDependencyBudget{2};

}  // namespace

ProbeResult check_dependency(docker::Engine& engine, const std::string& network,
                             const manifest::Service& dependency,
                             const std::vector<std::string>& ids) {
  if (ids.empty()) {
    return {ProbeResult::Verdict::kFatal,
            fmt::format("dependency {} has no running container", dependency.name)};
  }

  manifest::HealthSpec lower = dependency.health;
  lower.readiness = {};
  lower.smoke = {};
  LevelCheck check(engine, lower, network, nullptr, output_quoting_of(dependency));
  for (const std::string& id : ids) {
    Look look = check.look(id, kDependencyBudget, false);
    const LevelResult* failure = look.first_failure();
    if (failure == nullptr) continue;
    return {look.gone ? ProbeResult::Verdict::kFatal : ProbeResult::Verdict::kPending,
            fmt::format("dependency {} no longer passes: {}: {}", dependency.name,
                        manifest::level_name(failure->level), failure->result.detail)};
  }
  return {ProbeResult::Verdict::kPass, ""};
}

}  // namespace chora::health
