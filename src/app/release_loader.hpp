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

// Loads and checks `path` completely, touching nothing: every problem of the manifest,
// cycles included, in one ManifestError; Error when the file cannot be read.
LoadedRelease load_release(const std::string& path);

// Same as load_release, from text already in memory; `path` is used in messages and to
// resolve relative host paths.
LoadedRelease parse_release(const std::string& text, const std::string& path);

}  // namespace chora::app
