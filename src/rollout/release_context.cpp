#include "rollout/release_context.hpp"

namespace chora::rollout {

std::chrono::duration<double> seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::steady_clock::now() - start;
}

}  // namespace chora::rollout
