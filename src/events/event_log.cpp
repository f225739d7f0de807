#include "events/event_log.hpp"

#include <fcntl.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include "util/error.hpp"

namespace chora::events {
namespace {

using nlohmann::json;

json metadata_of(const report::StepEvent& event, const ReleaseInfo& release) {
  json metadata = {{"release", release.release},
                   {"revision", release.revision},
                   {"tool", "chora-deploy " CHORA_VERSION}};
  if (event.wave > 0) metadata["wave"] = event.wave;
  if (!event.action.empty()) metadata["action"] = event.action;
  if (!event.strategy.empty()) metadata["strategy"] = event.strategy;
  if (!event.previous_version.empty()) metadata["previous_version"] = event.previous_version;
  if (!event.container_id.empty()) metadata["container_id"] = event.container_id;
  if (!event.container_name.empty()) metadata["container_name"] = event.container_name;
  if (!event.reasons.empty()) metadata["reasons"] = event.reasons;
  if (event.stopped_container) metadata["stopped_container"] = true;
  return metadata;
}

// Returns the errno of a failed write, or 0.
int write_all(int fd, const std::string& text) {
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    written += static_cast<std::size_t>(n);
  }
  return 0;
}

}  // namespace

std::string rfc3339_utc(std::chrono::system_clock::time_point when) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  auto since_epoch = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch());
  int millis = static_cast<int>(since_epoch.count() % 1000);
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03d}Z", fmt::gmtime(seconds), millis);
}

json event_to_json(const report::StepEvent& event, const ReleaseInfo& release,
                   std::chrono::system_clock::time_point when) {
  bool release_level = event.service.empty();
  json line = {
      {"timestamp", rfc3339_utc(when)},
      {"event_type", std::string(report::step_name(event.step))},
      {"repository", release_level ? release.release : event.service},
      {"environment", release.environment},
      {"version", release_level || event.version.empty() ? release.release : event.version},
      {"status", std::string(report::status_name(event.status))},
      {"duration_seconds", std::round(event.duration.count() * 1000.0) / 1000.0},
  };
  if (!event.errors.empty()) line["errors"] = event.errors;
  if (!event.notes.empty()) line["notes"] = event.notes;
  if (!release.deployed_by.empty()) line["deployed_by"] = release.deployed_by;
  if (!release.trace_id.empty()) line["trace_id"] = release.trace_id;
  line["metadata"] = metadata_of(event, release);
  return line;
}

EventLog::EventLog(std::string path, ReleaseInfo release)
    : path_(std::move(path)), release_(std::move(release)) {
  // The directory is not created: a mistyped --events path would otherwise send the
  // release's history where nobody looks. The default one is the state directory's.
  fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    int error = errno;
    std::string hint = error == ENOENT ? " (its directory must exist)" : "";
    throw Error(ErrorKind::kIo,
                fmt::format("opening event log '{}': {}{}", path_, std::strerror(error), hint));
  }
}

EventLog::~EventLog() {
  if (fd_ >= 0) ::close(fd_);
}

void EventLog::on_event(const report::StepEvent& event) {
  std::string line = event_to_json(event, release_, std::chrono::system_clock::now())
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  line += '\n';
  std::lock_guard<std::mutex> lock(mutex_);
  int error = write_all(fd_, line);
  if (error != 0 && write_error_.empty()) {
    write_error_ = fmt::format("writing events to '{}': {}", path_, std::strerror(error));
  }
}

std::string EventLog::write_error() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return write_error_;
}

std::string default_deployed_by() {
  if (const char* set = std::getenv("CHORA_DEPLOYED_BY"); set != nullptr && *set != '\0') {
    return set;
  }
  std::string user = "unknown";
  if (const passwd* entry = ::getpwuid(::geteuid()); entry != nullptr) user = entry->pw_name;
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0) return user;
  return user + "@" + host;
}

}  // namespace chora::events
