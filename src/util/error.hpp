#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace chora {

// What went wrong, coarsely: each kind maps to one documented exit code.
enum class ErrorKind {
  kUsage,               // bad command line
  kInvalidManifest,     // the manifest failed to load or validate
  kEngineUnreachable,   // no Docker engine answered
  kEngine,              // the engine answered with an error
  kPreflight,           // a check before the first change failed; nothing was changed
  kReleaseFailed,       // a release failed and was rolled back cleanly
  kRollbackIncomplete,  // a rollback could not restore everything: a person must look
  kIo,                  // a local file could not be read or written
  kInternal,            // a bug
};

// Exit code of the process when an error of `kind` ends it (see README "Exit codes").
int exit_code_for(ErrorKind kind);

// Short, stable name of a kind ("invalid-manifest"), for logs and JSON output.
std::string_view kind_name(ErrorKind kind);

// The one error type of chora-deploy. It carries a kind, the innermost message and the
// chain of what was being done, outermost first, so that what() reads
// "applying chora-search: starting container 'x': 409 Conflict: ...".
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message);

  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  const std::vector<std::string>& context() const { return context_; }

  // Prepends what the caller was doing; returns *this so it can be rethrown.
  Error& add_context(std::string what);

  const char* what() const noexcept override { return full_.c_str(); }

 private:
  void rebuild();

  ErrorKind kind_;
  std::string message_;
  std::vector<std::string> context_;
  std::string full_;
};

// Runs `body`; if it throws an Error, adds `what` to it and rethrows.
template <typename Body>
auto with_context(std::string_view what, Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (Error& error) {
    error.add_context(std::string(what));
    throw;
  }
}

}  // namespace chora
