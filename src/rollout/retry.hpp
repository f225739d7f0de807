#pragma once

#include <chrono>
#include <string>
#include <thread>

#include "docker/errors.hpp"
#include "util/error.hpp"

namespace chora::rollout {

// True for failures that may pass by themselves: the engine not answering, or answering
// with a server error (it was busy, restarting, out of some resource for a moment).
inline bool is_transient(const Error& error) {
  if (error.kind() == ErrorKind::kEngineUnreachable) return true;
  const auto* engine_error = dynamic_cast<const docker::EngineError*>(&error);
  return engine_error != nullptr && engine_error->status() >= 500;
}

// Runs `step`, trying again after 1s and 2s when it fails transiently. A rollback uses
// it: giving up after one refused call would leave a release half restored.
template <typename Step>
void with_retries(Step&& step) {
  constexpr int kAttempts = 3;
  for (int attempt = 1;; ++attempt) {
    try {
      step();
      return;
    } catch (const Error& error) {
      if (attempt == kAttempts || !is_transient(error)) throw;
    }
    std::this_thread::sleep_for(std::chrono::seconds(1 << (attempt - 1)));
  }
}

}  // namespace chora::rollout
