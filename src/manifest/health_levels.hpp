#pragma once

#include "manifest/service_scope.hpp"

// The checks of the health levels in `health:`, and which levels gate the service.
namespace chora::manifest {

// Reads `http` and `tcp` (short for `liveness.http` and `liveness.tcp`; writing one both
// ways is refused), `liveness`, `readiness` and `smoke` of the health map `fields` into
// the service's HealthSpec. `scope` is the health section's.
void read_levels(ServiceScope& scope, const FieldMap& fields);

// Reads `require`: level names, each once, each with a check to run (healthcheck may come
// from the image). Stored in level order with running first, so a written `require` is
// never empty.
void read_require(ServiceScope& scope, const Field& field, const FieldMap& fields);

}  // namespace chora::manifest
