#include "app/health_command.hpp"
#include "cli/command_table.hpp"

namespace chora::cli {

Runner attach_health(CLI::App& command, const app::GlobalOptions& global) {
  auto options = std::make_shared<app::HealthOptions>();
  command.add_option("manifest", options->manifest_path, "Release manifest (YAML)")->required();
  command.add_option("-o,--output", options->output, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  return [&global, options] { return app::run_health(global, *options); };
}

}  // namespace chora::cli
