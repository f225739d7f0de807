#include "support/fault_proxy.hpp"

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <regex>
#include <utility>

#include <boost/asio/local/stream_protocol.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <nlohmann/json.hpp>

namespace chora::testing {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

using Request = FaultProxy::Request;
using Response = FaultProxy::Response;

// Far more than any answer a test asks for; a limit at all only stops a runaway body.
constexpr std::uint64_t kBodyLimit = 1024u * 1024 * 1024;

// Runs `undo` when the scope ends, however it ends.
class ScopeExit {
 public:
  explicit ScopeExit(std::function<void()> undo) : undo_(std::move(undo)) {}
  ScopeExit(const ScopeExit&) = delete;
  ScopeExit& operator=(const ScopeExit&) = delete;
  ~ScopeExit() { undo_(); }

 private:
  std::function<void()> undo_;
};

// Sends `request` on a connected `engine` and reads its whole answer, chunked or not.
template <typename Stream>
Response exchange(Stream& engine, const Request& request) {
  http::write(engine, request);

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kBodyLimit);
  parser.skip(request.method() == http::verb::head);  // announces a body it never sends
  http::read(engine, buffer, parser);
  return parser.release();
}

// A canned answer made fit for `request`'s connection.
Response reply_to(const Request& request, Response canned) {
  canned.version(11);
  canned.keep_alive(request.keep_alive());
  if (!canned.chunked()) {
    canned.prepare_payload();
  }
  return canned;
}

}  // namespace

FaultProxy::FaultProxy() : FaultProxy(Options{}) {}

FaultProxy::FaultProxy(Options options)
    : options_(std::move(options)),
      acceptor_(io_, {net::ip::make_address("127.0.0.1"), 0}),
      port_(acceptor_.local_endpoint().port()),
      acceptor_thread_([this] { accept_connections(); }) {}

FaultProxy::~FaultProxy() {
  // Wake every thread blocked on a socket or on a held request; each then ends by itself.
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (int fd : watched_) {
      ::shutdown(fd, SHUT_RDWR);
    }
  }
  stopped_.notify_all();

  // A blocking accept() does not notice its listener closing; a connection wakes it.
  Socket wake(io_);
  beast::error_code ignored;
  wake.connect({net::ip::make_address("127.0.0.1"), port_}, ignored);
  acceptor_thread_.join();

  // No new connection can start now, so the list no longer changes.
  for (Connection& connection : connections_) {
    connection.thread.join();
  }
}

docker::Endpoint FaultProxy::endpoint() const {
  docker::Endpoint endpoint = docker::Endpoint::tcp("127.0.0.1", port_);
  endpoint.base_path = options_.base_path;
  return endpoint;
}

void FaultProxy::add_rule(Rule rule) {
  std::lock_guard lock(mutex_);
  rules_.push_back(std::move(rule));
}

std::vector<FaultProxy::Exchange> FaultProxy::exchanges() const {
  std::lock_guard lock(mutex_);
  return exchanges_;
}

std::vector<FaultProxy::Request> FaultProxy::requests() const {
  std::vector<Request> requests;
  for (Exchange& exchange : exchanges()) {
    requests.push_back(std::move(exchange.request));
  }
  return requests;
}

std::vector<std::string> FaultProxy::targets() const {
  std::vector<std::string> targets;
  for (const Request& request : requests()) {
    targets.emplace_back(request.target());
  }
  return targets;
}

void FaultProxy::close_streams() {
  std::lock_guard lock(mutex_);
  for (const auto& [client, engine] : streaming_) {
    ::shutdown(client, SHUT_RDWR);
    ::shutdown(engine, SHUT_RDWR);
  }
}

void FaultProxy::accept_connections() {
  while (true) {
    Socket socket(io_);
    beast::error_code error;
    acceptor_.accept(socket, error);
    if (error || !start_connection(std::move(socket))) {
      return;
    }
  }
}

bool FaultProxy::start_connection(Socket socket) {
  std::lock_guard lock(mutex_);
  reap_finished_connections();
  if (stopping_) {
    return false;
  }

  watched_.insert(socket.native_handle());
  Connection& connection = connections_.emplace_back();
  connection.thread = std::thread([this, &connection, client = std::move(socket)]() mutable {
    serve(client);

    // Forgotten before it closes, so that the destructor never shuts down a reused number.
    std::lock_guard lock(mutex_);
    watched_.erase(client.native_handle());
    beast::error_code ignored;
    client.close(ignored);
    connection.done = true;
  });
  return true;
}

void FaultProxy::reap_finished_connections() {
  // A tool run opens a connection per call; without this, threads would pile up.
  for (auto it = connections_.begin(); it != connections_.end();) {
    if (!it->done) {
      ++it;
      continue;
    }
    it->thread.join();  // it has nothing left to do but return
    it = connections_.erase(it);
  }
}

void FaultProxy::serve(Socket& client) {
  beast::flat_buffer buffer;
  bool open = true;
  while (open) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(kBodyLimit);
    beast::error_code error;
    http::read(client, buffer, parser, error);
    if (error) {
      return;  // the client closed the connection, or the proxy is stopping
    }

    Request request = parser.release();
    const std::size_t exchange = record(request);
    open = answer(client, std::move(request), exchange);
  }
}

bool FaultProxy::answer(Socket& client, Request request, std::size_t exchange) {
  if (!strip_base_path(request)) {
    const std::string message =
        "page not found: the fault proxy serves only targets under " + options_.base_path;
    return send(client, request, reply_to(request, engine_error(http::status::not_found, message)),
                exchange);
  }

  const Action action = action_for(request);
  if (const auto* rewrite = std::get_if<RewriteRequest>(&action)) {
    rewrite->edit(request);
  }
  if (std::holds_alternative<Hold>(action) || std::holds_alternative<CloseConnection>(action)) {
    return withhold_answer(request, action);
  }
  if (const auto* reply = std::get_if<Reply>(&action)) {
    return send(client, request, reply_to(request, reply->response), exchange);
  }
  if (const auto* stream = std::get_if<Stream>(&action)) {
    return relay(client, request, *stream, exchange);
  }

  Response response = forward(request);
  if (const auto* rewrite = std::get_if<RewriteResponse>(&action)) {
    rewrite->edit(response);
    if (!response.chunked()) {
      response.prepare_payload();
    }
  }
  return send(client, request, std::move(response), exchange);
}

bool FaultProxy::withhold_answer(const Request& request, const Action& action) {
  const auto* hold = std::get_if<Hold>(&action);
  const bool forward_first = hold ? hold->forward : std::get<CloseConnection>(action).forward;
  if (forward_first) {
    forward(request);  // the engine acts; its answer is dropped
  }
  if (hold) {
    hold_until_stopped();
  }
  return false;
}

bool FaultProxy::send(Socket& client, const Request& request, Response response,
                      std::size_t exchange) {
  // Recorded first, so that a test that got the answer also finds it in exchanges().
  record_answer(exchange, response);

  beast::error_code error;
  if (request.method() == http::verb::head) {
    http::response_serializer<http::string_body> serializer(response);
    http::write_header(client, serializer, error);
  } else {
    http::write(client, response, error);
  }
  return !error && !response.need_eof();
}

bool FaultProxy::strip_base_path(Request& request) const {
  const std::string& base = options_.base_path;
  const std::string target(request.target());
  if (base.empty()) {
    return true;
  }
  if (!target.starts_with(base + "/")) {
    return false;
  }
  request.target(target.substr(base.size()));
  return true;
}

FaultProxy::Action FaultProxy::action_for(const Request& request) {
  std::lock_guard lock(mutex_);
  for (Rule& rule : rules_) {
    const bool spent = rule.times && *rule.times <= 0;
    if (spent || (rule.match && !rule.match(request))) {
      continue;
    }
    if (rule.times) {
      --*rule.times;
    }
    return rule.action;
  }
  return Pass{};
}

FaultProxy::Response FaultProxy::forward(Request request) {
  const docker::Endpoint& engine = options_.upstream;
  request.target(engine.base_path + std::string(request.target()));

  // A failure is answered the way an HTTP proxy does, so a test sees what went wrong.
  try {
    if (engine.kind == docker::Endpoint::Kind::kUnix) {
      net::local::stream_protocol::socket socket(io_);
      socket.open();
      return forward_on(socket, net::local::stream_protocol::endpoint(engine.socket_path), request);
    }
    net::ip::tcp::resolver resolver(io_);
    const auto where =
        resolver.resolve(engine.host, std::to_string(engine.port)).begin()->endpoint();
    Socket socket(io_);
    socket.open(where.protocol());
    return forward_on(socket, where, request);
  } catch (const boost::system::system_error& error) {
    return engine_error(
        http::status::bad_gateway,
        "the fault proxy got no answer from " + engine.to_string() + ": " + error.code().message());
  }
}

template <typename EngineStream, typename Where>
FaultProxy::Response FaultProxy::forward_on(EngineStream& engine, const Where& where,
                                            const Request& request) {
  const int fd = engine.native_handle();
  if (!watch(fd)) {
    throw boost::system::system_error(net::error::operation_aborted);
  }
  const ScopeExit forget([this, fd] { unwatch(fd); });

  engine.connect(where);
  return exchange(engine, request);
}

bool FaultProxy::relay(Socket& client, const Request& request, const Stream& stream,
                       std::size_t exchange) {
  const docker::Endpoint& engine = options_.upstream;
  Request forwarded = request;
  forwarded.target(engine.base_path + std::string(request.target()));

  try {
    if (engine.kind == docker::Endpoint::Kind::kUnix) {
      net::local::stream_protocol::socket socket(io_);
      socket.open();
      relay_on(socket, net::local::stream_protocol::endpoint(engine.socket_path), client, forwarded,
               stream, exchange);
      return false;
    }
    net::ip::tcp::resolver resolver(io_);
    const auto where =
        resolver.resolve(engine.host, std::to_string(engine.port)).begin()->endpoint();
    Socket socket(io_);
    socket.open(where.protocol());
    relay_on(socket, where, client, forwarded, stream, exchange);
  } catch (const boost::system::system_error& error) {
    // Once the header is through, the client learns of a failure by the connection closing.
    if (!exchanges()[exchange].response) {
      send(client, request,
           engine_error(http::status::bad_gateway, "the fault proxy got no answer from " +
                                                       engine.to_string() + ": " +
                                                       error.code().message()),
           exchange);
    }
  }
  return false;
}

template <typename EngineStream, typename Where>
void FaultProxy::relay_on(EngineStream& engine, const Where& where, Socket& client,
                          const Request& request, const Stream& stream, std::size_t exchange) {
  const int fd = engine.native_handle();
  if (!watch(fd)) {
    throw boost::system::system_error(net::error::operation_aborted);
  }
  const ScopeExit forget([this, fd] { unwatch(fd); });
  engine.connect(where);
  http::write(engine, request);

  // Forgotten before either socket closes, so close_streams() never shuts a reused number.
  const std::pair<int, int> sockets(client.native_handle(), fd);
  {
    std::lock_guard lock(mutex_);
    streaming_.insert(sockets);
  }
  const ScopeExit done_streaming([this, sockets] {
    std::lock_guard lock(mutex_);
    streaming_.erase(sockets);
  });

  // The header goes through as the engine sent it, chunked framing included.
  beast::flat_buffer buffer;
  http::response_parser<http::buffer_body> parser;
  parser.body_limit(boost::none);
  http::read_header(engine, buffer, parser);
  Response header;
  header.base() = parser.get().base();
  record_answer(exchange, header);
  http::response_serializer<http::buffer_body> serializer(parser.get());
  http::write_header(client, serializer);

  // Then each piece of the body as soon as it has come (Beast's relay pattern).
  std::array<char, 16 * 1024> piece;
  std::size_t relayed = 0;
  while (!parser.is_done()) {
    parser.get().body().data = piece.data();
    parser.get().body().size = piece.size();
    beast::error_code error;
    http::read_some(engine, buffer, parser, error);
    if (error && error != http::error::need_buffer) {
      return;  // the engine closed, or the proxy is stopping
    }
    const std::size_t size = piece.size() - parser.get().body().size;
    if (size == 0 && !parser.is_done()) {
      continue;  // only framing came; an empty piece would read as the last chunk
    }

    // No data at all (rather than an empty piece) tells the serializer to end the body.
    parser.get().body().data = size == 0 ? nullptr : piece.data();
    parser.get().body().size = size;
    parser.get().body().more = !parser.is_done();
    http::write(client, serializer, error);
    if (error && error != http::error::need_buffer) {
      return;  // the client went away
    }
    relayed += size;
    if (stream.close_after_bytes && relayed >= *stream.close_after_bytes) {
      return;  // closed by serve() mid-answer, as the fault asks
    }
  }
}

void FaultProxy::hold_until_stopped() {
  std::unique_lock lock(mutex_);
  stopped_.wait(lock, [this] { return stopping_; });
}

std::size_t FaultProxy::record(const Request& request) {
  std::lock_guard lock(mutex_);
  exchanges_.push_back({request, std::nullopt});
  return exchanges_.size() - 1;
}

void FaultProxy::record_answer(std::size_t exchange, const Response& response) {
  std::lock_guard lock(mutex_);
  exchanges_[exchange].response = response;
}

bool FaultProxy::watch(int fd) {
  std::lock_guard lock(mutex_);
  if (stopping_) {
    return false;
  }
  watched_.insert(fd);
  return true;
}

void FaultProxy::unwatch(int fd) {
  std::lock_guard lock(mutex_);
  watched_.erase(fd);
}

FaultProxy::Match target_is(std::string target) {
  return [target = std::move(target)](const FaultProxy::Request& request) {
    return request.target() == target;
  };
}

FaultProxy::Match request_matching(std::string method, std::string pattern) {
  return [method = std::move(method), pattern = std::regex(pattern)](const Request& request) {
    const std::string target(request.target());
    return (method.empty() || request.method_string() == method) &&
           std::regex_match(target, pattern);
  };
}

Response engine_error(http::status status, const std::string& message) {
  Response response(status, 11);
  response.set(http::field::content_type, "application/json");
  response.body() = nlohmann::json::object({{"message", message}}).dump() + "\n";
  response.prepare_payload();
  return response;
}

Response text_answer(http::status status, std::string body) {
  Response response(status, 11);
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

}  // namespace chora::testing
