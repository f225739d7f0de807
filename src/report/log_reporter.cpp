#include "report/log_reporter.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace chora::report {
namespace {

// "[wave 2] chora-search" or just the service when the step has no wave.
std::string subject(const StepEvent& event) {
  if (event.wave == 0) return event.service;
  return fmt::format("[wave {}] {}", event.wave, event.service);
}

std::string short_id(const std::string& id) {
  return id.substr(0, 12);
}

std::string deploy_started(const StepEvent& event) {
  if (event.action == "create") return fmt::format("creating {}", event.version);
  if (event.action == "scale") {
    return fmt::format("scaling {} ({})", event.version, fmt::join(event.reasons, "; "));
  }

  // The versions are already on the line; the other reasons say what else changed.
  std::vector<std::string> why = {event.strategy};
  for (const std::string& reason : event.reasons) {
    if (reason.rfind("version ", 0) != 0) why.push_back(reason);
  }
  return fmt::format("updating {} -> {} ({})", event.previous_version, event.version,
                     fmt::join(why, "; "));
}

void log_deploy(const StepEvent& event) {
  if (event.status == Status::kStarted) {
    spdlog::info("{}: {}", subject(event), deploy_started(event));
  } else if (event.status == Status::kSucceeded && !event.notes.empty()) {
    spdlog::info("{}: {}", subject(event), event.notes);
  } else if (event.status == Status::kSucceeded) {
    spdlog::info("{}: started {} ({})", subject(event), event.container_name,
                 short_id(event.container_id));
  } else {
    spdlog::error("{}: could not start: {}", subject(event), fmt::join(event.errors, "; "));
  }
}

// "1.1.0", or "1.1.0 (demo_api_r2_3)" when the service has several replicas, each with a
// gate of its own.
std::string gated(const StepEvent& event) {
  if (event.replicas <= 1 || event.container_name.empty()) return event.version;
  return fmt::format("{} ({})", event.version, event.container_name);
}

void log_gate(const StepEvent& event) {
  std::string took = format_seconds(event.duration);
  if (event.status == Status::kStarted) {
    spdlog::debug("{}: waiting for health", subject(event));
  } else if (event.status == Status::kSucceeded) {
    spdlog::info("{}: {} healthy in {} ({})", subject(event), gated(event), took, event.notes);
  } else if (event.status == Status::kSkipped) {
    spdlog::warn("{}: {} {} (after {})", subject(event), gated(event), event.notes, took);
  } else {
    spdlog::error("{}: {} FAILED its health gate after {}: {}", subject(event), gated(event), took,
                  fmt::join(event.errors, "; "));
  }
}

void log_rollback(const StepEvent& event) {
  if (event.status == Status::kStarted) {
    spdlog::warn("{}: rolling back", subject(event));
  } else if (event.status != Status::kSucceeded) {
    spdlog::critical("{}: ROLLBACK FAILED: {}", subject(event), fmt::join(event.errors, "; "));
  } else if (event.action == "create") {
    spdlog::warn("{}: removed; it was new in this release", subject(event));
  } else if (event.action == "scale") {
    spdlog::warn("{}: scale undone in {}: its replicas are as they were", subject(event),
                 format_seconds(event.duration));
  } else {
    spdlog::warn("{}: rolled back to {} in {}", subject(event), event.version,
                 format_seconds(event.duration));
  }
}

// Removed services are news; old containers going after a commit are routine.
void log_removal(const StepEvent& event) {
  if (event.status != Status::kSucceeded) {
    spdlog::warn("{}: {}", event.service, fmt::join(event.errors, "; "));
  } else if (event.step == Step::kRemove) {
    spdlog::info("{}: removed {} (no longer in the manifest)", event.service, event.container_name);
  } else {
    spdlog::debug("{}: removed old container {}", event.service, event.container_name);
  }
}

}  // namespace

std::string format_seconds(std::chrono::duration<double> duration) {
  double seconds = duration.count();
  if (seconds < 1.0) return fmt::format("{}ms", static_cast<int>(seconds * 1000.0));
  if (seconds < 60.0) return fmt::format("{:.1f}s", seconds);
  int whole = static_cast<int>(seconds);
  return fmt::format("{}m{:02d}s", whole / 60, whole % 60);
}

LogReporter::LogReporter(std::string release, std::string environment)
    : release_(std::move(release)), environment_(std::move(environment)) {}

void LogReporter::on_event(const StepEvent& event) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (event.step == Step::kRelease || event.step == Step::kNetwork) {
    on_release(event);
  } else {
    on_service(event);
  }
}

void LogReporter::on_release(const StepEvent& event) {
  std::string took = format_seconds(event.duration);
  std::string errors = fmt::format("{}", fmt::join(event.errors, "; "));
  if (event.step == Step::kNetwork) {
    spdlog::info("{}", event.notes);
    return;
  }
  switch (event.status) {
    case Status::kStarted:
      spdlog::info("applying release {} to {} ({})", release_, environment_, event.notes);
      break;
    case Status::kSucceeded:
      spdlog::info("release {} is live on {} ({})", release_, environment_, took);
      if (!errors.empty()) spdlog::warn("clean-up left work behind: {}", errors);
      break;
    case Status::kFailed:
      spdlog::error("release {} failed before changing anything: {}", release_, errors);
      break;
    case Status::kRolledBack:
      spdlog::error("release {} FAILED and was rolled back in {}: {}", release_, took, errors);
      break;
    case Status::kRollbackIncomplete:
      spdlog::critical("release {} FAILED and the ROLLBACK IS INCOMPLETE after {}: {}", release_,
                       took, errors);
      break;
    default:
      spdlog::info("release {}: {}", release_, status_name(event.status));
  }
}

void LogReporter::on_service(const StepEvent& event) {
  switch (event.step) {
    case Step::kDeploy:
      return log_deploy(event);
    case Step::kHealthGate:
      return log_gate(event);
    case Step::kRollback:
      return log_rollback(event);
    case Step::kSkipped:
      return spdlog::warn("{}: skipped, {}", subject(event), event.notes);
    case Step::kRemove:
    case Step::kCleanup:
      return log_removal(event);
    default:
      spdlog::debug("{}: {} {}", subject(event), step_name(event.step), status_name(event.status));
  }
}

}  // namespace chora::report
