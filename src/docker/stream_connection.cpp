#include "docker/stream_connection.hpp"

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "docker/beast_request.hpp"

namespace chora::docker {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

}  // namespace

StreamConnection::StreamConnection(net::io_context& io, Endpoint endpoint)
    : endpoint_(std::move(endpoint)), resolver_(io), stream_(io) {
  // The events body never ends, so no total is too large; a piece is bounded by piece_.
  parser_.body_limit(std::numeric_limits<std::uint64_t>::max());
}

void StreamConnection::expires_at(Clock::time_point deadline) {
  stream_.expires_at(deadline);
}

void StreamConnection::expires_never() {
  stream_.expires_never();
}

void StreamConnection::async_open(const HttpRequest& request, Done done) {
  request_ = to_beast_request(endpoint_, request);
  if (endpoint_.kind == Endpoint::Kind::kTcp) {
    async_connect_tcp(std::move(done));
    return;
  }

  step_ = "connect";
  Protocol::endpoint where;
  try {
    where = Protocol::endpoint(net::local::stream_protocol::endpoint(endpoint_.socket_path));
  } catch (const boost::system::system_error& error) {
    // A path too long for sockaddr_un; reported like any other failure, asynchronously.
    net::post(stream_.get_executor(), [done, code = error.code()] { done(code); });
    return;
  }
  stream_.async_connect(where, [this, done](beast::error_code error) {
    if (error) {
      done(error);
      return;
    }
    async_exchange_header(done);
  });
}

// TODO: name resolution is not bounded by the deadline (asio resolves with a blocking
// getaddrinfo on a thread of its own); engines are almost always named by address.
void StreamConnection::async_connect_tcp(Done done) {
  step_ = "resolve";
  resolver_.async_resolve(
      endpoint_.host, std::to_string(endpoint_.port),
      [this, done](beast::error_code error, net::ip::tcp::resolver::results_type results) {
        if (error) {
          done(error);
          return;
        }
        std::vector<Protocol::endpoint> candidates;
        for (const auto& entry : results) {
          candidates.emplace_back(entry.endpoint());
        }

        step_ = "connect";
        stream_.async_connect(candidates,
                              [this, done](beast::error_code error, const Protocol::endpoint&) {
                                if (error) {
                                  done(error);
                                  return;
                                }
                                async_exchange_header(done);
                              });
      });
}

void StreamConnection::async_exchange_header(Done done) {
  step_ = "send";
  http::async_write(stream_, request_, [this, done](beast::error_code error, std::size_t) {
    if (error) {
      done(error);
      return;
    }
    step_ = "receive";
    http::async_read_header(stream_, buffer_, parser_,
                            [done](beast::error_code error, std::size_t) { done(error); });
  });
}

int StreamConnection::status() const {
  return static_cast<int>(parser_.get().result_int());
}

void StreamConnection::async_read_body(OnBytes on_piece) {
  parser_.get().body().data = piece_.data();
  parser_.get().body().size = piece_.size();
  http::async_read_some(stream_, buffer_, parser_,
                        [this, on_piece](beast::error_code error, std::size_t) {
                          // need_buffer only says that piece_ is full.
                          if (error == http::error::need_buffer) {
                            error = {};
                          }
                          const std::size_t size = piece_.size() - parser_.get().body().size;
                          on_piece(error, std::string_view(piece_.data(), size));
                        });
}

bool StreamConnection::body_done() const {
  return parser_.is_done();
}

void StreamConnection::async_read_raw(OnBytes on_bytes) {
  if (buffer_.size() > 0) {
    early_bytes_ = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    net::post(stream_.get_executor(), [this, on_bytes] { on_bytes({}, early_bytes_); });
    return;
  }
  stream_.async_read_some(net::buffer(piece_),
                          [this, on_bytes](beast::error_code error, std::size_t size) {
                            on_bytes(error, std::string_view(piece_.data(), size));
                          });
}

TransportError StreamConnection::failure(beast::error_code error) const {
  const std::string cause = error == beast::error::timeout ? "timed out" : error.message();
  return TransportError(endpoint_, step_, cause);
}

void StreamConnection::close() {
  resolver_.cancel();  // a lookup that finished later would connect again
  beast::error_code ignored;
  stream_.socket().shutdown(Protocol::socket::shutdown_both, ignored);
  stream_.close();
}

}  // namespace chora::docker
