#include "report/plan_view.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace chora::report {
namespace {

using plan::Action;
using plan::ActionKind;

char symbol_of(ActionKind kind) {
  switch (kind) {
    case ActionKind::kCreate:
      return '+';
    case ActionKind::kUpdate:
      return '~';
    case ActionKind::kScale:
      return '*';
    case ActionKind::kUnchanged:
      return '=';
    case ActionKind::kRemove:
      return '-';
  }
  return '?';
}

std::string versions_of(const Action& action) {
  std::string now = action.current_version();
  if (action.kind == ActionKind::kUpdate && !now.empty() && now != action.version) {
    return now + " -> " + action.version;
  }
  return action.version;
}

std::string names_of(const std::vector<plan::ContainerRef>& containers) {
  std::vector<std::string> names;
  for (const plan::ContainerRef& container : containers) names.push_back(container.name);
  return fmt::format("{}", fmt::join(names, ", "));
}

// "3 replicas, 3 batches of 1", or "task" for a one-shot task; for a scale, what is added
// or stopped while the other replicas keep serving.
std::string shape_of(const Action& action) {
  if (action.task) return "task";
  if (action.kind == ActionKind::kScale && !action.retiring.empty()) {
    return "stops " + names_of(action.retiring) + "; the others keep serving";
  }
  if (action.kind == ActionKind::kScale) {
    return fmt::format("adds {} replica{} in {} batch{} of {}; the others keep serving",
                       action.new_containers(), action.new_containers() == 1 ? "" : "s",
                       action.batches(), action.batches() == 1 ? "" : "es", action.parallelism);
  }
  if (action.replicas == 1) return "";
  return fmt::format("{} replicas, {} batch{} of {}", action.replicas, action.batches(),
                     action.batches() == 1 ? "" : "es", action.parallelism);
}

std::string why_of(const Action& action) {
  std::vector<std::string> parts = action.reasons;
  if (action.kind == ActionKind::kUpdate && !action.task) {
    std::string strategy(plan::strategy_name(action.strategy));
    if (!action.strategy_reason.empty()) strategy += " (" + action.strategy_reason + ")";
    parts.push_back(strategy);
  }
  // A new task's reason already says "new task".
  bool said = action.task && action.kind == ActionKind::kCreate;
  if (action.changes() && !said && !shape_of(action).empty()) parts.push_back(shape_of(action));
  if (!action.leftovers.empty()) {
    parts.push_back(fmt::format("{} old container(s) to clean up", action.leftovers.size()));
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

// Column widths, so that long names and version changes still line up.
struct Widths {
  std::size_t service = 0;
  std::size_t versions = 0;
};

Widths widths_of(const plan::Plan& plan) {
  Widths widths;
  auto measure = [&widths](const Action& action) {
    widths.service = std::max(widths.service, action.service.size());
    widths.versions = std::max(widths.versions, versions_of(action).size());
  };
  for (const std::vector<Action>& wave : plan.waves)
    std::for_each(wave.begin(), wave.end(), measure);
  std::for_each(plan.removals.begin(), plan.removals.end(), measure);
  return widths;
}

// The action's line, and for a service that rolls, the gates its containers must pass.
std::string line_of(const Action& action, const Widths& widths) {
  std::string line = fmt::format("  {} {:<{}}  {:<9}  {:<{}}  {}", symbol_of(action.kind),
                                 action.service, widths.service, plan::action_name(action.kind),
                                 versions_of(action), widths.versions, why_of(action));
  while (!line.empty() && line.back() == ' ') line.pop_back();
  line += "\n";
  if (action.new_containers() > 0) {
    line +=
        fmt::format("    {:<{}}  gates: {}\n", "", widths.service, fmt::join(action.gates, "; "));
  }
  return line;
}

nlohmann::json container_json(const plan::ContainerRef& container) {
  return {{"id", container.id},
          {"name", container.name},
          {"version", container.version},
          {"running", container.running}};
}

nlohmann::json action_json(const Action& action) {
  nlohmann::json json = {{"service", action.service},
                         {"action", plan::action_name(action.kind)},
                         {"version", action.version},
                         {"reasons", action.reasons}};
  if (action.wave > 0) json["wave"] = action.wave;
  if (action.kind == ActionKind::kUpdate) {
    json["strategy"] = plan::strategy_name(action.strategy);
    if (!action.strategy_reason.empty()) json["strategy_reason"] = action.strategy_reason;
  }
  if (action.kind != ActionKind::kRemove) {
    json["config_hash"] = action.fingerprint.hash;
    json["replicas"] = action.replicas;
    json["parallelism"] = action.parallelism;
    json["batches"] = action.batches();
    json["task"] = action.task;
    if (action.kind == ActionKind::kScale) {
      json["replicas_before"] = action.replicas_before;
      json["retiring"] = nlohmann::json::array();
      for (const auto& replica : action.retiring) {
        json["retiring"].push_back(container_json(replica));
      }
    }
    json["gates"] = action.gates;
  }
  json["current"] = nlohmann::json::array();
  for (const auto& container : action.current) json["current"].push_back(container_json(container));
  json["leftovers"] = nlohmann::json::array();
  for (const auto& leftover : action.leftovers) {
    json["leftovers"].push_back(container_json(leftover));
  }
  return json;
}

}  // namespace

std::string plan_to_text(const plan::Plan& plan) {
  std::string text = fmt::format("Plan for release {} on environment {} (revision {})\n",
                                 plan.release, plan.environment, plan.revision);
  if (!plan.replaces_release.empty()) {
    text += fmt::format("  replaces release {}, which runs there now\n", plan.replaces_release);
  }
  if (plan.create_network) text += fmt::format("  + network {} (created first)\n", plan.network);

  Widths widths = widths_of(plan);
  for (std::size_t i = 0; i < plan.waves.size(); ++i) {
    text += fmt::format("\nWave {}\n", i + 1);
    for (const Action& action : plan.waves[i]) text += line_of(action, widths);
  }
  if (!plan.removals.empty()) {
    text += "\nAfter every service has passed\n";
    for (const Action& action : plan.removals) text += line_of(action, widths);
  }

  text += "\n" + plan.summary() + ".\n";
  // With a blocker (an apply running), what the plan read may not be what will run.
  if (!plan.has_changes() && plan.blockers.empty()) {
    text += "No changes: the environment already runs this release.\n";
  }
  if (!plan.blockers.empty()) {
    text += "\nApply would refuse this plan:\n";
    for (const std::string& blocker : plan.blockers) text += "  - " + blocker + "\n";
  }
  return text;
}

nlohmann::json plan_to_json(const plan::Plan& plan) {
  nlohmann::json waves = nlohmann::json::array();
  for (const std::vector<Action>& wave : plan.waves) {
    nlohmann::json actions = nlohmann::json::array();
    for (const Action& action : wave) actions.push_back(action_json(action));
    waves.push_back(actions);
  }
  nlohmann::json removals = nlohmann::json::array();
  for (const Action& action : plan.removals) removals.push_back(action_json(action));

  return {
      {"release", plan.release},
      {"environment", plan.environment},
      {"revision", plan.revision},
      {"replaces_release", plan.replaces_release.empty() ? nlohmann::json(nullptr)
                                                         : nlohmann::json(plan.replaces_release)},
      {"network", {{"name", plan.network}, {"create", plan.create_network}}},
      {"has_changes", plan.has_changes()},
      {"summary",
       {{"create", plan.count(ActionKind::kCreate)},
        {"update", plan.count(ActionKind::kUpdate)},
        {"scale", plan.count(ActionKind::kScale)},
        {"unchanged", plan.count(ActionKind::kUnchanged)},
        {"remove", plan.count(ActionKind::kRemove)}}},
      {"waves", waves},
      {"removals", removals},
      {"blockers", plan.blockers}};
}

}  // namespace chora::report
