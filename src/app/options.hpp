#pragma once

#include <string>

namespace chora::app {

// Options every command shares.
struct GlobalOptions {
  std::string state_dir;  // empty: state::default_state_dir()
  bool verbose = false;
  std::string color = "auto";  // auto|always|never

  // state_dir, or the default when not given.
  std::string resolved_state_dir() const;
};

}  // namespace chora::app
