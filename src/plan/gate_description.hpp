#pragma once

#include <string>
#include <vector>

#include "manifest/manifest.hpp"

namespace chora::plan {

// The gates a service's new containers will pass, in words, for a plan: "running",
// "healthcheck (the image's, if it has one)", "liveness (GET :80/health)", ... For a
// task: how it must end. `manifest` says which dependencies are tasks: a finished task
// has no health to keep, so it is no part of readiness.
std::vector<std::string> describe_gates(const manifest::Manifest& manifest,
                                        const manifest::Service& service);

// A probe in words: "GET :80/health", "TCP :5432", "exec pg_isready".
std::string describe_probe(const manifest::Probe& probe);

}  // namespace chora::plan
