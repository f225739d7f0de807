#pragma once

#include <string>
#include <vector>

#include "docker/engine.hpp"
#include "health/probes.hpp"
#include "manifest/manifest.hpp"

namespace chora::health {

// The dependency's side of a service's readiness, for one dependency: each of its
// containers `ids` still passes its lower levels (running, HEALTHCHECK, liveness) on
// `network`. Passes, or is pending with what failed; fatal when a container is gone
// (exited, dead or removed), which cannot mend by itself. No container at all is fatal.
ProbeResult check_dependency(docker::Engine& engine, const std::string& network,
                             const manifest::Service& dependency,
                             const std::vector<std::string>& ids);

}  // namespace chora::health
