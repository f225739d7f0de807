#include "app/release_loader.hpp"

#include "manifest/loader.hpp"

namespace chora::app {

LoadedRelease load_release(const std::string& path) {
  manifest::Manifest manifest = manifest::load_manifest(path);
  graph::DependencyGraph graph = graph::DependencyGraph::build(manifest);
  return {std::move(manifest), std::move(graph)};
}

}  // namespace chora::app
