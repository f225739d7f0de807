#pragma once

#include <string>

namespace chora::state {

// Where chora-deploy keeps its own files (locks, the last committed release of each
// environment, and by default deployment.jsonl): CHORA_DEPLOY_STATE_DIR when set; else
// /var/lib/chora-deploy for root; else $XDG_STATE_HOME/chora-deploy, falling back to
// ~/.local/state/chora-deploy.
std::string default_state_dir();

}  // namespace chora::state
