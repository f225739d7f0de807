#pragma once

#include <vector>

#include "manifest/diagnostic.hpp"
#include "manifest/manifest.hpp"

namespace chora::manifest {

// Checks that need every service read first: each depends_on entry names another service
// of the manifest, once; and no two published ports (of two services or of one) bind the
// same host address. Cycles are left to the graph module. Diagnostics point at the
// locations recorded in Service::locations.
std::vector<Diagnostic> check_dependencies(const Manifest& manifest);
std::vector<Diagnostic> check_host_ports(const Manifest& manifest);

// Each name in a service's `secrets` is a secret of the manifest. Names listed twice were
// reported by the reader and are looked at once.
std::vector<Diagnostic> check_secret_references(const Manifest& manifest);

}  // namespace chora::manifest
