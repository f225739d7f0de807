#pragma once

// A fault-injecting HTTP proxy for tests: it sits between a Docker client and the REAL engine
// and, on request, makes the engine look older, slower or less reliable than it is. The
// project's rule is that tests run against a real engine; fault tests may put this proxy in
// front of it, they never replace the engine with a fake.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "docker/endpoint.hpp"

namespace chora::testing {

// Listens on a free port of 127.0.0.1 and forwards every HTTP request to a real engine (by
// default the one docker::endpoint_from_environment() names, usually the unix socket),
// then the engine's answer back, unchanged: status, headers, body and chunked framing.
// Rules added by the test change what happens to the requests they match.
//
//   FaultProxy proxy;
//   proxy.add_rule({.match = target_is("/_ping"),
//                   .action = FaultProxy::Reply{engine_error(status::internal_server_error,
//                                                            "starting up")},
//                   .times = 1});
//   DockerClient client(proxy.endpoint());  // or DOCKER_HOST=proxy.endpoint().to_string()
//
// Each client connection is served on its own thread and may carry several requests
// (keep-alive); each forwarded request gets a fresh connection to the engine. The
// destructor stops everything without waiting for anyone: it closes the listener and every
// open connection, releases held requests, and joins all threads.
//
// Answers are read whole from the engine before the client gets any of them, so streaming
// ones (/events, /wait, logs with follow) reach the client only when the engine ends them,
// unless a Stream rule matches them: that passes the answer on piece by piece as it comes.
// TODO: hijacked answers (attach, exec start) are not forwarded at all; no test puts the
// proxy in front of an exec yet.
class FaultProxy {
 public:
  using Request = boost::beast::http::request<boost::beast::http::string_body>;
  using Response = boost::beast::http::response<boost::beast::http::string_body>;
  using Match = std::function<bool(const Request&)>;

  // What to do with a matched request. Callbacks run on the proxy's connection threads,
  // possibly several at once, and must not touch the proxy.

  // Forward unchanged; what happens to requests no rule matches.
  struct Pass {};
  // Forward the request after `edit` changed it (method, target, headers, body).
  struct RewriteRequest {
    std::function<void(Request&)> edit;
  };
  // Forward, then let `edit` change the engine's answer (status, headers, body) before the
  // client gets it. Content-Length is recomputed unless the answer is chunked.
  struct RewriteResponse {
    std::function<void(Response&)> edit;
  };
  // Answer with `response` without asking the engine. Content-Length and Connection are
  // filled in; see engine_error() and text_answer() for answers shaped like the engine's.
  struct Reply {
    Response response;
  };
  // Never answer: the request is held, its connection open and silent, until the proxy is
  // destroyed (the client giving up does not release it). With `forward`, the engine gets
  // the request first, so it acts but its answer is lost.
  struct Hold {
    bool forward = false;
  };
  // Close the client's connection without answering; with `forward`, after the engine has
  // acted on the request.
  struct CloseConnection {
    bool forward = false;
  };
  // Forward, and pass the engine's answer on as it arrives, piece by piece, rather than
  // whole: for answers that take their time or never end (/events, wait, logs with follow).
  // With `close_after_bytes`, the client's connection is closed once that many body bytes
  // have gone through, in the middle of the answer (even of a line or frame), and
  // close_streams() closes it whenever the test chooses. The connection ends with the
  // answer, and the exchange records its header only.
  struct Stream {
    std::optional<std::size_t> close_after_bytes = std::nullopt;
  };
  using Action =
      std::variant<Pass, RewriteRequest, RewriteResponse, Reply, Hold, CloseConnection, Stream>;

  // Rules are tried in the order they were added; the first one whose `match` holds (an
  // empty `match` holds for every request) and that is not spent decides. `match` sees the
  // request as the engine will, i.e. without the base path. With `times`, the rule applies
  // to that many matches only, then is spent and those requests fall through to later
  // rules: {.match = ..., .action = Reply{...}, .times = 1} fails the first match only.
  struct Rule {
    Match match = nullptr;
    Action action = Pass{};
    std::optional<int> times = std::nullopt;  // nullopt: no limit
  };

  struct Options {
    // The real engine.
    docker::Endpoint upstream = docker::endpoint_from_environment();
    // When not empty ("/base"), clients must put it before every target, as a client does
    // with DOCKER_HOST=tcp://host:port/base; it is removed before forwarding, and a request
    // without it gets a 404 from the proxy itself.
    std::string base_path;
  };

  // One request the proxy received, as the client sent it (base path included), and the
  // answer the client got: nullopt while none was given, or when held or closed.
  struct Exchange {
    Request request;
    std::optional<Response> response;
  };

  // In front of docker::endpoint_from_environment(), without a base path.
  FaultProxy();
  explicit FaultProxy(Options options);
  ~FaultProxy();

  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  // Where clients reach the proxy: tcp://127.0.0.1:PORT plus the base path. Its
  // to_string() is a DOCKER_HOST value for running chora-deploy through the proxy.
  docker::Endpoint endpoint() const;

  // May be called while clients are connected; applies to requests read after it.
  void add_rule(Rule rule);

  // Every request received so far, in order of arrival.
  std::vector<Exchange> exchanges() const;
  std::vector<Request> requests() const;
  std::vector<std::string> targets() const;

  // Closes the connections of every Stream answer under way, to the client and to the
  // engine, as a network failure would: the client sees its answer end mid-way.
  void close_streams();

 private:
  using Socket = boost::asio::ip::tcp::socket;

  // A served client connection; `done` is set (under mutex_) as its thread ends.
  struct Connection {
    std::thread thread;
    bool done = false;
  };

  void accept_connections();
  bool start_connection(Socket socket);  // false once stopping
  void reap_finished_connections();      // REQUIRES: mutex_ held
  void serve(Socket& client);

  // Acts on one request; false when the connection is to end.
  bool answer(Socket& client, Request request, std::size_t exchange);
  // Hold or CloseConnection: the client gets no answer; false.
  bool withhold_answer(const Request& request, const Action& action);
  bool send(Socket& client, const Request& request, Response response, std::size_t exchange);
  bool strip_base_path(Request& request) const;
  Action action_for(const Request& request);

  // The engine's answer to `request`, or a 502 from the proxy when there is none.
  Response forward(Request request);
  template <typename EngineStream, typename Where>
  Response forward_on(EngineStream& engine, const Where& where, const Request& request);

  // Stream: forwards `request` and relays the answer to `client` as it comes; always false,
  // the connection ends with the answer. A 502 from the proxy when the engine cannot be had.
  bool relay(Socket& client, const Request& request, const Stream& stream, std::size_t exchange);
  template <typename EngineStream, typename Where>
  void relay_on(EngineStream& engine, const Where& where, Socket& client, const Request& request,
                const Stream& stream, std::size_t exchange);

  void hold_until_stopped();
  std::size_t record(const Request& request);
  void record_answer(std::size_t exchange, const Response& response);

  // Lets the destructor wake a thread blocked on `fd`; false when stopping already began.
  bool watch(int fd);
  void unwatch(int fd);

  Options options_;
  boost::asio::io_context io_;  // owns the sockets; all I/O is synchronous
  boost::asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_;

  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable stopped_;
  bool stopping_ = false;
  std::vector<Rule> rules_;
  std::vector<Exchange> exchanges_;
  std::set<int> watched_;  // descriptors of open sockets that threads may block on
  std::set<std::pair<int, int>> streaming_;  // client and engine sockets of Stream answers
  std::list<Connection> connections_;

  std::thread acceptor_thread_;
};

// Requests with exactly this target, query included: target_is("/_ping").
FaultProxy::Match target_is(std::string target);

// Requests of `method` ("" for any) whose whole target matches `pattern` (ECMAScript):
// request_matching("POST", R"(/v[0-9.]+/containers/chora-web-[^/]*/start)").
FaultProxy::Match request_matching(std::string method, std::string pattern);

// An error answer as the engine gives it: application/json {"message":"..."}.
FaultProxy::Response engine_error(boost::beast::http::status status, const std::string& message);

// A text/plain answer.
FaultProxy::Response text_answer(boost::beast::http::status status, std::string body);

}  // namespace chora::testing
