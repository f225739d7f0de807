#pragma once

#include "manifest/service_scope.hpp"

// How many containers a service runs and how an update replaces them.
namespace chora::manifest {

// The most replicas a service may ask for; more is a typo, not a plan.
inline constexpr int kMaxReplicas = 100;

// `replicas`: a whole number from 1 to kMaxReplicas.
void read_replicas(ServiceScope& scope, const Field& field);

// `update`: `parallelism` (1 to kMaxReplicas; checked against replicas later, by
// service_rules.hpp) and `order` (start-first or stop-first; absent: automatic).
void read_update(ServiceScope& scope, const Field& entry);

// `task`: true or false.
void read_task(ServiceScope& scope, const Field& field);

}  // namespace chora::manifest
