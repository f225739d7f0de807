#pragma once

#include <string>

#include "graph/dependency_graph.hpp"
#include "manifest/manifest.hpp"

namespace chora::app {

// A manifest that loaded, validated, and whose dependencies form no cycle.
struct LoadedRelease {
  manifest::Manifest manifest;
  graph::DependencyGraph graph;
};

// Loads and checks `path` completely, touching nothing. Throws ManifestError or Error.
LoadedRelease load_release(const std::string& path);

}  // namespace chora::app
