#pragma once

#include <functional>
#include <optional>
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

  // Who holds the environment's lock, if anyone: for plan and status, which only read
  // and must not wait. Looks by taking a shared lock for a moment, which acquire allows for.
  static std::optional<std::string> current_holder(const std::string& state_dir,
                                                   const std::string& environment);

  // Runs `read` and tells who held the lock before or after it: an apply that began or
  // ended meanwhile may have left `read` seeing the environment half way.
  static std::optional<std::string> holder_during(const std::string& state_dir,
                                                  const std::string& environment,
                                                  const std::function<void()>& read);

  EnvironmentLock(EnvironmentLock&& other) noexcept;
  EnvironmentLock& operator=(EnvironmentLock&&) = delete;
  EnvironmentLock(const EnvironmentLock&) = delete;
  ~EnvironmentLock();

 private:
  explicit EnvironmentLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace chora::state
