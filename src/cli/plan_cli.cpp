#include "app/plan_command.hpp"
#include "cli/command_table.hpp"

namespace chora::cli {

Runner attach_plan(CLI::App& command, const app::GlobalOptions& global) {
  auto options = std::make_shared<app::PlanOptions>();
  command.add_option("manifest", options->manifest_path, "Release manifest (YAML)")->required();
  command.add_option("-o,--output", options->output, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  command.add_flag("--detailed-exitcode", options->detailed_exitcode,
                   "Exit 0 when there is nothing to change, 2 when there is");
  return [&global, options] { return app::run_plan(global, *options); };
}

}  // namespace chora::cli
