#include "app/apply_command.hpp"
#include "cli/command_table.hpp"

namespace chora::cli {

Runner attach_apply(CLI::App& command, const app::GlobalOptions& global) {
  auto options = std::make_shared<app::ApplyOptions>();
  command.add_option("manifest", options->manifest_path, "Release manifest (YAML)")->required();
  command.add_option("--events", options->events_path,
                     "Append events to this JSON-lines file "
                     "(default: <state dir>/deployment.jsonl)");
  command.add_option("--deployed-by", options->deployed_by,
                     "Who deploys, for events (default: $CHORA_DEPLOYED_BY, else user@host)");
  return [&global, options] { return app::run_apply(global, *options); };
}

}  // namespace chora::cli
