#include "util/cancel.hpp"

namespace chora {

void CancelToken::cancel(const std::string& reason) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (cancelled_.load()) return;
    reason_ = reason;
    cancelled_.store(true);
  }
  wake_.notify_all();
}

std::string CancelToken::reason() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return reason_;
}

bool CancelToken::sleep_for(std::chrono::milliseconds duration) {
  std::unique_lock<std::mutex> lock(mutex_);
  return !wake_.wait_for(lock, duration, [this] { return cancelled_.load(); });
}

}  // namespace chora
