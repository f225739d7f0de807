#include "app/graph_command.hpp"

#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "app/release_loader.hpp"

namespace chora::app {
namespace {

std::string waves_as_text(const LoadedRelease& loaded) {
  const graph::DependencyGraph& graph = loaded.graph;
  std::string text =
      fmt::format("Release {}: {} service(s) in {} wave(s)\n", loaded.manifest.release,
                  graph.services().size(), graph.waves().size());
  for (std::size_t i = 0; i < graph.waves().size(); ++i) {
    text += fmt::format("\nWave {}\n", i + 1);
    for (const std::string& service : graph.waves()[i]) {
      std::string needs;
      for (const std::string& dependency : graph.dependencies_of(service)) {
        needs += (needs.empty() ? "" : ", ") + dependency;
      }
      text += fmt::format("  {}{}\n", service, needs.empty() ? "" : "  (needs " + needs + ")");
    }
  }
  return text;
}

nlohmann::json waves_as_json(const LoadedRelease& loaded) {
  const graph::DependencyGraph& graph = loaded.graph;
  nlohmann::json services = nlohmann::json::array();
  for (const std::string& service : graph.rollout_order()) {
    services.push_back({{"name", service},
                        {"wave", graph.wave_of(service)},
                        {"depends_on", graph.dependencies_of(service)}});
  }
  return {{"release", loaded.manifest.release}, {"waves", graph.waves()}, {"services", services}};
}

}  // namespace

int run_graph(const GlobalOptions&, const GraphOptions& options) {
  LoadedRelease loaded = load_release(options.manifest_path);
  if (options.format == "dot") {
    std::cout << loaded.graph.to_dot(loaded.manifest.release);
  } else if (options.format == "json") {
    std::cout << waves_as_json(loaded).dump(2) << "\n";
  } else {
    std::cout << waves_as_text(loaded);
  }
  return 0;
}

}  // namespace chora::app
