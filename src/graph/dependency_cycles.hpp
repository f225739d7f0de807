#pragma once

#include <vector>

#include "manifest/diagnostic.hpp"
#include "manifest/manifest.hpp"

namespace chora::graph {

// The dependency cycles of a manifest, one diagnostic for each group of services that
// wait for each other (a strongly connected component): the shortest cycle through the
// group's first service, at the depends_on entry that closes it, e.g. "dependency cycle:
// a -> b -> a", naming the group's other services when there are more. Entries that name
// no service, the service itself or a dependency listed before are skipped: the manifest
// loader reports those. Works on a manifest read only in part.
std::vector<manifest::Diagnostic> find_dependency_cycles(const manifest::Manifest& manifest);

}  // namespace chora::graph
