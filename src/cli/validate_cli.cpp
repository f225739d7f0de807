#include "app/validate_command.hpp"
#include "cli/command_table.hpp"

namespace chora::cli {

Runner attach_validate(CLI::App& command, const app::GlobalOptions& global) {
  auto options = std::make_shared<app::ValidateOptions>();
  command.add_option("manifest", options->manifest_path, "Release manifest (YAML)")->required();
  command.add_flag("-q,--quiet", options->quiet, "Print nothing when the manifest is valid");
  return [&global, options] { return app::run_validate(global, *options); };
}

}  // namespace chora::cli
