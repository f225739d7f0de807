#pragma once

#include "manifest/service_scope.hpp"

namespace chora::manifest {

// Reads a service's `healthcheck:`, the Docker HEALTHCHECK set on its containers, into
// Service::healthcheck. `test` is required and must have one of Docker's shapes: ["CMD",
// program, args...], ["CMD-SHELL", line], ["NONE"], or a single line (CMD-SHELL). The
// durations must be at least 1ms and retries 0 to 100, as Docker accepts them.
void read_healthcheck(ServiceScope& scope, const Field& entry);

}  // namespace chora::manifest
