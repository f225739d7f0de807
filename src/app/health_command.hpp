#pragma once

#include <string>

#include "app/options.hpp"

namespace chora::app {

struct HealthOptions {
  std::string manifest_path;
  std::string output = "text";  // text|json
};

// chora-deploy health: runs the five health levels against every running container of
// the deployed release, smoke included, and prints one row per container. Returns 0
// when every required level passes, else the number (1-5) of the lowest level that
// failed anywhere, so that scripts can act on it.
int run_health(const GlobalOptions& global, const HealthOptions& options);

// Exit codes of the health command for errors that stop it from checking: 10 plus the
// general code (13 invalid manifest, 14 engine unreachable, 11 internal), apart from
// the levels 1-5.
inline constexpr int kHealthErrorOffset = 10;

}  // namespace chora::app
