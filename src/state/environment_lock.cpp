#include "state/environment_lock.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

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

}  // namespace

EnvironmentLock EnvironmentLock::acquire(const std::string& state_dir,
                                         const std::string& environment,
                                         const std::string& holder) {
  std::filesystem::path dir = std::filesystem::path(state_dir) / "locks";
  std::error_code ignored;
  std::filesystem::create_directories(dir, ignored);
  std::string path = (dir / (environment + ".lock")).string();

  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw Error(ErrorKind::kIo,
                fmt::format("opening lock file '{}': {}", path, std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
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
  if (fd_ >= 0) ::close(fd_);  // closing the descriptor releases the flock
}

}  // namespace chora::state
