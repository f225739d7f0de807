#pragma once

#include <functional>
#include <string>
#include <vector>

#include "graph/dependency_graph.hpp"

namespace chora::rollout {

// Runs `undo` once for each of `services`, in reverse dependency order: a service only
// once every one of `services` that depends on it, directly or through others, is done.
// Services that do not depend on each other are undone side by side, each on a thread of
// its own (on the calling thread when no thread can be had). Returns when all are done.
// `undo` must not throw.
void undo_in_reverse_dependency_order(const graph::DependencyGraph& graph,
                                      const std::vector<std::string>& services,
                                      const std::function<void(const std::string&)>& undo);

}  // namespace chora::rollout
