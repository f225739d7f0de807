#pragma once

#include <string>

#include "util/error.hpp"

namespace chora::docker {

// The engine answered a call with an error status. Carries the call ("POST
// /containers/create?name=x"), the HTTP status and the daemon's own message, and reads
// "POST /v1.41/containers/x/start: 500 Internal Server Error: driver failed ...".
// Kind is kEngine. Connection failures are plain Errors of kind kEngineUnreachable.
class EngineError : public Error {
 public:
  EngineError(std::string call, int status, std::string daemon_message);

  const std::string& call() const { return call_; }
  int status() const { return status_; }
  const std::string& daemon_message() const { return daemon_message_; }

  bool is_not_found() const { return status_ == 404; }
  bool is_conflict() const { return status_ == 409; }

 private:
  std::string call_;
  int status_;
  std::string daemon_message_;
};

}  // namespace chora::docker
