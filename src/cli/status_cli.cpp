#include "app/status_command.hpp"
#include "cli/command_table.hpp"

namespace chora::cli {

Runner attach_status(CLI::App& command, const app::GlobalOptions& global) {
  auto options = std::make_shared<app::StatusOptions>();
  CLI::Option* manifest = command.add_option("manifest", options->manifest_path,
                                             "Release manifest whose environment to show");
  // Both at once would leave one of them ignored, and the user unsure which was shown.
  command
      .add_option("-e,--environment", options->environment,
                  "Environment to show, instead of a manifest's")
      ->excludes(manifest);
  command.add_option("-o,--output", options->output, "Output: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  return [&global, options] { return app::run_status(global, *options); };
}

}  // namespace chora::cli
