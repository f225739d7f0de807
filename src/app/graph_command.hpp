#pragma once

#include <string>

#include "app/options.hpp"

namespace chora::app {

struct GraphOptions {
  std::string manifest_path;
  std::string format = "text";  // text|dot|json
};

// chora-deploy graph: prints the release's waves (or Graphviz, or JSON). Touches nothing.
int run_graph(const GlobalOptions& global, const GraphOptions& options);

}  // namespace chora::app
