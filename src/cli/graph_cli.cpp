#include "app/graph_command.hpp"
#include "cli/command_table.hpp"

namespace chora::cli {

Runner attach_graph(CLI::App& command, const app::GlobalOptions& global) {
  auto options = std::make_shared<app::GraphOptions>();
  command.add_option("manifest", options->manifest_path, "Release manifest (YAML)")->required();
  command.add_option("--format", options->format, "Output: text, dot (Graphviz) or json")
      ->check(CLI::IsMember({"text", "dot", "json"}))
      ->capture_default_str();
  return [&global, options] { return app::run_graph(global, *options); };
}

}  // namespace chora::cli
