#include "util/error.hpp"

#include <utility>

namespace chora {

int exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage:
    case ErrorKind::kInvalidManifest:
      return 3;
    case ErrorKind::kEngineUnreachable:
    case ErrorKind::kEngine:
    case ErrorKind::kPreflight:
      return 4;
    case ErrorKind::kReleaseFailed:
      return 5;
    case ErrorKind::kRollbackIncomplete:
      return 6;
    case ErrorKind::kIo:
    case ErrorKind::kInternal:
      return 1;
  }
  return 1;
}

std::string_view kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage:
      return "usage";
    case ErrorKind::kInvalidManifest:
      return "invalid-manifest";
    case ErrorKind::kEngineUnreachable:
      return "engine-unreachable";
    case ErrorKind::kEngine:
      return "engine";
    case ErrorKind::kPreflight:
      return "preflight";
    case ErrorKind::kReleaseFailed:
      return "release-failed";
    case ErrorKind::kRollbackIncomplete:
      return "rollback-incomplete";
    case ErrorKind::kIo:
      return "io";
    case ErrorKind::kInternal:
      return "internal";
  }
  return "internal";
}

Error::Error(ErrorKind kind, std::string message)
    : std::runtime_error(message), kind_(kind), message_(std::move(message)) {
  rebuild();
}

Error& Error::add_context(std::string what) {
  context_.insert(context_.begin(), std::move(what));
  rebuild();
  return *this;
}

void Error::rebuild() {
  full_.clear();
  for (const std::string& step : context_) {
    full_ += step;
    full_ += ": ";
  }
  full_ += message_;
}

}  // namespace chora
