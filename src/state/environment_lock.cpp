#include "state/environment_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <spdlog/spdlog.h>

#include "util/error.hpp"

namespace chora::state {
namespace {

std::string read_holder(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string holder = text.str();
  while (!holder.empty() && holder.back() == '\n') holder.pop_back();
  return holder.empty() ? "an unknown process" : holder;
}

std::string lock_path(const std::string& state_dir, const std::string& environment) {
  return (std::filesystem::path(state_dir) / "locks" / (environment + ".lock")).string();
}

// A plan or status looking at the lock holds it for a moment: tried again for that long
// before another apply is taken to hold it.
bool lock_within_grace(int fd) {
  constexpr auto kGrace = std::chrono::milliseconds(500);
  const auto give_up = std::chrono::steady_clock::now() + kGrace;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK || std::chrono::steady_clock::now() >= give_up) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace

std::optional<std::string> EnvironmentLock::current_holder(const std::string& state_dir,
                                                           const std::string& environment) {
  std::string path = lock_path(state_dir, environment);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    // No file: never locked on this machine. Any other failure leaves it unknown.
    if (errno != ENOENT) {
      spdlog::warn("cannot tell whether an apply runs on {}: opening lock file '{}': {}",
                   environment, path, std::strerror(errno));
    }
    return std::nullopt;
  }
  bool held = false;
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {
    held = errno == EWOULDBLOCK;
    if (!held) {
      spdlog::warn("cannot tell whether an apply runs on {}: locking '{}': {}", environment, path,
                   std::strerror(errno));
    }
  }
  ::close(fd);  // also drops the shared lock, if it was taken
  if (!held) return std::nullopt;
  return read_holder(path);
}

std::optional<std::string> EnvironmentLock::holder_during(const std::string& state_dir,
                                                          const std::string& environment,
                                                          const std::function<void()>& read) {
  std::optional<std::string> before = current_holder(state_dir, environment);
  read();
  std::optional<std::string> after = current_holder(state_dir, environment);
  return before ? before : after;
}

EnvironmentLock EnvironmentLock::acquire(const std::string& state_dir,
                                         const std::string& environment,
                                         const std::string& holder) {
  std::string path = lock_path(state_dir, environment);
  std::error_code ignored;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ignored);

  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw Error(ErrorKind::kIo,
                fmt::format("opening lock file '{}': {}", path, std::strerror(errno)));
  }
  if (!lock_within_grace(fd)) {
    ::close(fd);
    throw Error(ErrorKind::kPreflight,
                fmt::format("environment '{}' is locked by {} (lock file {}); wait for it to "
                            "finish, the lock goes when that process ends",
                            environment, read_holder(path), path));
  }

  std::string text = holder + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, text.data(), text.size(), 0) < 0) {
    // The lock holds anyway; only the holder's description is missing.
  }
  return EnvironmentLock(fd);
}

EnvironmentLock::EnvironmentLock(EnvironmentLock&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

EnvironmentLock::~EnvironmentLock() {
  if (fd_ < 0) return;
  // Emptied while still held: the next contender must not name a holder that is gone.
  if (::ftruncate(fd_, 0) != 0) {
    // The lock is released anyway; only a stale description stays.
  }
  ::close(fd_);  // closing the descriptor releases the flock
}

}  // namespace chora::state
