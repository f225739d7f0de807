#pragma once

#include <string>

#include "app/options.hpp"

namespace chora::app {

struct ApplyOptions {
  std::string manifest_path;
  std::string events_path;  // empty: <state dir>/deployment.jsonl
  std::string deployed_by;  // empty: CHORA_DEPLOYED_BY, else user@host
};

// chora-deploy apply: preflight, then the staged rollout with coordinated rollback.
// Returns the exit code: 0 committed (or nothing to do), 5 rolled back, 6 rollback
// incomplete. Throws Error for everything that stops it before the first change.
int run_apply(const GlobalOptions& global, const ApplyOptions& options);

}  // namespace chora::app
