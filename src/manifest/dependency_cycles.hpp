#pragma once

#include <vector>

#include "manifest/diagnostic.hpp"
#include "manifest/manifest.hpp"

namespace chora::manifest {

// Every dependency cycle among the services, one diagnostic each, at the depends_on entry
// that closes it and with the whole cycle in the message: "dependency cycle: a -> b -> a".
// Entries that name no service, the service itself or a dependency listed before are
// skipped (check_dependencies reports them), so cycles are found alongside those mistakes.
std::vector<Diagnostic> check_dependency_cycles(const Manifest& manifest);

}  // namespace chora::manifest
