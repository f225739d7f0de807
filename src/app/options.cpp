#include "app/options.hpp"

#include "state/state_dir.hpp"

namespace chora::app {

std::string GlobalOptions::resolved_state_dir() const {
  return state_dir.empty() ? state::default_state_dir() : state_dir;
}

}  // namespace chora::app
