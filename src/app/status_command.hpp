#pragma once

#include <string>

#include "app/options.hpp"

namespace chora::app {

struct StatusOptions {
  std::string manifest_path;    // either this (its environment and services) ...
  std::string environment;      // ... or an environment name
  std::string output = "text";  // text|json
};

// chora-deploy status: the release deployed on an environment, one row per service with
// version, revision, container state and health. Reads only.
int run_status(const GlobalOptions& global, const StatusOptions& options);

}  // namespace chora::app
