#pragma once

#include <chrono>
#include <map>
#include <string>

#include "docker/endpoint.hpp"
#include "util/error.hpp"

namespace chora::docker {

struct HttpRequest {
  std::string method = "GET";
  std::string target;        // path and query, already encoded: "/v1.41/containers/json?all=1"
  std::string body;          // sent with Content-Length when not empty
  std::string content_type;  // e.g. "application/json"; only sent with a body
};

struct HttpResponse {
  int status = 0;
  std::string reason;                         // "Not Found"
  std::map<std::string, std::string> headers; // names lower-cased
  std::string body;                           // de-chunked
};

// No answer could be had from the server at all: kind kEngineUnreachable. Reads
// "connecting to unix:///var/run/docker.sock: No such file or directory"; step() is the
// part that failed ("resolve", "connect", "send" or "receive") and cause() says why, so
// that callers can phrase their own message.
class TransportError : public Error {
 public:
  TransportError(const Endpoint& endpoint, std::string step, std::string cause);

  const std::string& step() const { return step_; }
  const std::string& cause() const { return cause_; }

 private:
  std::string step_;
  std::string cause_;
};

// Sends one HTTP/1.1 request on a fresh connection to `endpoint` and reads the whole
// response (Content-Length or chunked) with Boost.Beast. The whole exchange must finish
// within `timeout`. A fresh connection per call keeps callers on different threads apart
// and costs well under a millisecond on a unix socket.
//
// Throws TransportError (kind kEngineUnreachable) when the connection cannot be made,
// breaks, or the timeout passes; the message names the endpoint and the cause
// ("connecting to unix:///var/run/docker.sock: No such file or directory"). Callers that
// talk to something other than the engine (health probes) catch it and report it.
// The base_path of a TCP endpoint is put before `request.target`.
HttpResponse send_request(const Endpoint& endpoint, const HttpRequest& request,
                          std::chrono::milliseconds timeout);

// Opens a TCP connection to `endpoint` and closes it again; true when it was accepted
// within `timeout`. Used by TCP health probes. Never throws for a failed connection.
bool tcp_connects(const Endpoint& endpoint, std::chrono::milliseconds timeout);

}  // namespace chora::docker
