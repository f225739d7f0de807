#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "docker/endpoint.hpp"
#include "docker/http_transport.hpp"

namespace chora::docker {

// A connection of its own to the engine for one call whose answer is a stream rather than a
// document: GET /events, whose body never ends, and exec start, whose connection the engine
// hijacks after the header. Every step is asynchronous on an io_context the owner runs, so
// that the owner can bound the steps with a deadline, or end them from another thread by
// stopping that io_context. One step at a time; not thread-safe. The owner keeps the
// connection alive until the io_context has stopped or the last step has completed.
class StreamConnection {
 public:
  using Clock = std::chrono::steady_clock;
  using Done = std::function<void(boost::beast::error_code)>;
  // `bytes` is valid during the call only.
  using OnBytes = std::function<void(boost::beast::error_code, std::string_view bytes)>;

  StreamConnection(boost::asio::io_context& io, Endpoint endpoint);

  // Steps started from now on fail with beast::error::timeout, closing the socket, once
  // `deadline` has passed. expires_never(): no limit, for a stream that may stay silent.
  void expires_at(Clock::time_point deadline);
  void expires_never();

  // Connects, sends `request` and reads the header of the answer, then calls `done`.
  void async_open(const HttpRequest& request, Done done);

  // The answer's status, once async_open has succeeded.
  int status() const;

  // Reads the next piece of a body framed by HTTP (Content-Length or chunked) as it
  // arrives. A piece may be empty when only framing came. body_done() tells whether the
  // body has ended; read no further then.
  void async_read_body(OnBytes on_piece);
  bool body_done() const;

  // Reads the bytes that follow the header as they come, without HTTP framing: the answer
  // to a hijacked request. Bytes the header read took along come first. The end of the
  // stream is net::error::eof.
  void async_read_raw(OnBytes on_bytes);

  // How far the connection got ("resolve", "connect", "send" or "receive"), and a failure
  // there phrased as TransportError phrases it: "connecting to unix:///...: No such file".
  const std::string& step() const { return step_; }
  TransportError failure(boost::beast::error_code error) const;

  void close();

 private:
  using Protocol = boost::asio::generic::stream_protocol;
  using Stream = boost::beast::basic_stream<Protocol>;

  void async_connect_tcp(Done done);
  void async_exchange_header(Done done);

  Endpoint endpoint_;
  boost::asio::ip::tcp::resolver resolver_;
  Stream stream_;
  boost::beast::http::request<boost::beast::http::string_body> request_;
  boost::beast::flat_buffer buffer_;
  boost::beast::http::response_parser<boost::beast::http::buffer_body> parser_;
  std::array<char, 16 * 1024> piece_{};
  std::string early_bytes_;  // bytes the header read took along, handed out first
  std::string step_ = "connect";
};

}  // namespace chora::docker
