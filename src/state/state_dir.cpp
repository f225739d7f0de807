#include "state/state_dir.hpp"

#include <unistd.h>

#include <cstdlib>

namespace chora::state {
namespace {

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

}  // namespace

std::string default_state_dir() {
  if (std::string set = env_or_empty("CHORA_DEPLOY_STATE_DIR"); !set.empty()) return set;
  if (::geteuid() == 0) return "/var/lib/chora-deploy";
  if (std::string xdg = env_or_empty("XDG_STATE_HOME"); !xdg.empty()) {
    return xdg + "/chora-deploy";
  }
  std::string home = env_or_empty("HOME");
  return (home.empty() ? std::string(".") : home) + "/.local/state/chora-deploy";
}

}  // namespace chora::state
