#pragma once

#include <string>

namespace chora::state {

// An exclusive hold on one environment, so two applies never change it at once. It is
// an flock(2) on <state dir>/locks/<environment>.lock: the kernel drops it when the
// process ends, however it ends, so a killed CI job never leaves a stale lock behind.
// The file names the holder, for the error the next contender sees.
class EnvironmentLock {
 public:
  // Takes the lock without waiting. Throws Error (kPreflight) naming the holder when
  // another process has it, or (kIo) when the lock file cannot be opened.
  static EnvironmentLock acquire(const std::string& state_dir, const std::string& environment,
                                 const std::string& holder);

  EnvironmentLock(EnvironmentLock&& other) noexcept;
  EnvironmentLock& operator=(EnvironmentLock&&) = delete;
  EnvironmentLock(const EnvironmentLock&) = delete;
  ~EnvironmentLock();

 private:
  explicit EnvironmentLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace chora::state
