#include "docker/errors.hpp"

#include <ostream>  // Beast's status header needs it but does not include it
#include <utility>

#include <boost/beast/http/status.hpp>

namespace chora::docker {

namespace {

// "POST /v1.41/containers/x/start: 500 Internal Server Error: driver failed ..."
std::string describe(const std::string& call, int status, const std::string& daemon_message) {
  namespace http = boost::beast::http;
  std::string text = call + ": " + std::to_string(status);

  const auto reason = http::obsolete_reason(http::int_to_status(static_cast<unsigned>(status)));
  if (!reason.empty() && reason != "<unknown-status>") {
    text += " ";
    text.append(reason.data(), reason.size());
  }
  if (!daemon_message.empty()) {
    text += ": " + daemon_message;
  }
  return text;
}

}  // namespace

EngineError::EngineError(std::string call, int status, std::string daemon_message)
    : Error(ErrorKind::kEngine, describe(call, status, daemon_message)),
      call_(std::move(call)),
      status_(status),
      daemon_message_(std::move(daemon_message)) {}

}  // namespace chora::docker
