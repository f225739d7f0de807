#include "docker/http_transport.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <memory>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "docker/beast_request.hpp"

namespace chora::docker {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

using Clock = std::chrono::steady_clock;
using UnixStream = beast::basic_stream<net::local::stream_protocol>;
using TcpStream = beast::tcp_stream;
using Request = http::request<http::string_body>;
using Parser = http::response_parser<http::string_body>;

// Large enough for any inspect or log tail chora-deploy asks for, small enough to stop a
// runaway answer from eating memory.
constexpr std::uint64_t kBodyLimit = 256u * 1024 * 1024;

// How far one exchange got. Every handler runs on the calling thread, so no locking.
struct Progress {
  std::string step = "connect";
  beast::error_code error;

  // Records the first failure; true when `code` is one.
  bool failed(beast::error_code code) {
    if (!code) {
      return false;
    }
    if (!error) {
      error = code;
    }
    return true;
  }
};

std::string step_phrase(const std::string& step, const Endpoint& endpoint) {
  const std::string where = endpoint.to_string();
  if (step == "resolve") return "resolving the host of " + where;
  if (step == "connect") return "connecting to " + where;
  if (step == "send") return "sending a request to " + where;
  return "reading the answer from " + where;
}

std::string describe_duration(std::chrono::milliseconds duration) {
  const auto ms = duration.count();
  return ms % 1000 == 0 ? std::to_string(ms / 1000) + "s" : std::to_string(ms) + "ms";
}

// Connects to a unix socket, then calls `next`.
template <typename Next>
void open(UnixStream& stream, const Endpoint& endpoint, Progress& progress, Next next) {
  net::local::stream_protocol::endpoint where;
  try {
    where = net::local::stream_protocol::endpoint(endpoint.socket_path);
  } catch (const boost::system::system_error& error) {
    progress.failed(error.code());  // a path too long for sockaddr_un
    return;
  }
  stream.async_connect(where, [&progress, next](beast::error_code error) {
    if (!progress.failed(error)) {
      next();
    }
  });
}

// Resolves the host and connects to the first address that accepts, then calls `next`.
// TODO: the stream's deadline does not cover name resolution, which asio runs as a
// blocking getaddrinfo; the system resolver's own timeouts bound it. Engines are almost
// always named by address, so this is safe for now.
template <typename Next>
void open(TcpStream& stream, const Endpoint& endpoint, Progress& progress, Next next) {
  auto resolver = std::make_shared<net::ip::tcp::resolver>(stream.get_executor());
  progress.step = "resolve";
  resolver->async_resolve(
      endpoint.host, std::to_string(endpoint.port),
      [resolver, &stream, &progress, next](beast::error_code error,
                                           net::ip::tcp::resolver::results_type results) {
        if (progress.failed(error)) {
          return;
        }
        progress.step = "connect";
        stream.async_connect(results, [&progress, next](beast::error_code error, const auto&) {
          if (!progress.failed(error)) {
            next();
          }
        });
      });
}

// Opens a fresh connection to `endpoint` and calls `next(stream)` once it is made, all
// under one deadline that also covers whatever `next` starts on the stream.
template <typename Next>
void with_connection(const Endpoint& endpoint, Clock::time_point deadline, Progress& progress,
                     Next next) {
  net::io_context io;
  auto run = [&](auto& stream) {
    stream.expires_at(deadline);
    open(stream, endpoint, progress, [&] { next(stream); });
    io.run();
  };

  if (endpoint.kind == Endpoint::Kind::kUnix) {
    UnixStream stream(io);
    run(stream);
  } else {
    TcpStream stream(io);
    run(stream);
  }
}

std::string lower(beast::string_view text) {
  std::string result(text.data(), text.size());
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return result;
}

HttpResponse to_response(http::response<http::string_body>&& message) {
  HttpResponse response;
  response.status = static_cast<int>(message.result_int());
  response.reason = std::string(message.reason());
  for (const auto& field : message) {
    std::string& value = response.headers[lower(field.name_string())];
    value += value.empty() ? "" : ", ";
    value.append(field.value().data(), field.value().size());
  }
  response.body = std::move(message.body());
  return response;
}

}  // namespace

TransportError::TransportError(const Endpoint& endpoint, std::string step, std::string cause)
    : Error(ErrorKind::kEngineUnreachable, step_phrase(step, endpoint) + ": " + cause),
      step_(std::move(step)),
      cause_(std::move(cause)) {}

HttpResponse send_request(const Endpoint& endpoint, const HttpRequest& request,
                          std::chrono::milliseconds timeout) {
  Request message = to_beast_request(endpoint, request);
  Parser parser;
  parser.body_limit(kBodyLimit);
  parser.skip(request.method == "HEAD");  // a HEAD answer announces a body it never sends

  Progress progress;
  beast::flat_buffer buffer;
  with_connection(endpoint, Clock::now() + timeout, progress, [&](auto& stream) {
    progress.step = "send";
    http::async_write(stream, message, [&](beast::error_code error, std::size_t) {
      if (progress.failed(error)) {
        return;
      }
      progress.step = "receive";
      http::async_read(stream, buffer, parser,
                       [&](beast::error_code error, std::size_t) { progress.failed(error); });
    });
  });

  if (progress.error == beast::error::timeout) {
    throw TransportError(endpoint, progress.step, "timed out after " + describe_duration(timeout));
  }
  if (progress.error) {
    throw TransportError(endpoint, progress.step, progress.error.message());
  }
  return to_response(parser.release());
}

bool tcp_connects(const Endpoint& endpoint, std::chrono::milliseconds timeout) {
  Progress progress;
  bool connected = false;
  with_connection(endpoint, Clock::now() + timeout, progress,
                  [&](auto&) { connected = true; });
  return connected;
}

}  // namespace chora::docker
