#include "app/release_loader.hpp"

#include "graph/dependency_cycles.hpp"
#include "manifest/loader.hpp"

namespace chora::app {

LoadedRelease parse_release(const std::string& text, const std::string& path) {
  manifest::ManifestReading reading = manifest::check_manifest(text, path);

  // Cycles among the services read so far are reported with the other problems, so one
  // run of `validate` shows everything to fix.
  std::vector<manifest::Diagnostic> cycles = graph::find_dependency_cycles(reading.manifest);
  reading.problems.insert(reading.problems.end(), cycles.begin(), cycles.end());
  if (!reading.problems.empty()) manifest::throw_problems(std::move(reading.problems), text);

  graph::DependencyGraph graph = graph::DependencyGraph::build(reading.manifest);
  return {std::move(reading.manifest), std::move(graph)};
}

LoadedRelease load_release(const std::string& path) {
  return parse_release(manifest::read_manifest_file(path), path);
}

}  // namespace chora::app
