#pragma once

#include <string>

#include "app/options.hpp"

namespace chora::app {

struct ValidateOptions {
  std::string manifest_path;
  bool quiet = false;  // print nothing on success
};

// chora-deploy validate: checks a manifest without touching the engine. Returns 0 when
// valid; throws ManifestError listing every problem otherwise.
int run_validate(const GlobalOptions& global, const ValidateOptions& options);

}  // namespace chora::app
