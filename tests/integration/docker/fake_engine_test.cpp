// The client against a stand-in engine on 127.0.0.1, for answers the real one never gives:
// old API versions, a base path, text errors, silence.

#include <catch2/catch.hpp>

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "docker/docker_client.hpp"
#include "docker/errors.hpp"

using namespace chora;
using namespace chora::docker;

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// Serves one connection at a time on a free port of 127.0.0.1, answering each request with
// `answer(request)`; when that gives nothing, it holds the connection without answering.
class FakeEngine {
 public:
  using Answer = std::function<std::optional<Response>(const Request&)>;

  explicit FakeEngine(Answer answer) : answer_(std::move(answer)) {
    thread_ = std::thread([this] { serve(); });
  }

  ~FakeEngine() {
    stopping_ = true;
    net::io_context io;
    net::ip::tcp::socket wake(io);
    beast::error_code ignored;
    wake.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
  }

  Endpoint endpoint() const {
    return Endpoint::tcp("127.0.0.1", acceptor_.local_endpoint().port());
  }

  std::vector<Request> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

  std::vector<std::string> targets() const {
    std::vector<std::string> targets;
    for (const Request& request : requests()) {
      targets.emplace_back(request.target());
    }
    return targets;
  }

 private:
  void serve() {
    while (true) {
      net::ip::tcp::socket socket(io_);
      beast::error_code error;
      acceptor_.accept(socket, error);
      if (error || stopping_) {
        return;
      }
      serve_one(socket);
    }
  }

  void serve_one(net::ip::tcp::socket& socket) {
    beast::flat_buffer buffer;
    Request request;
    beast::error_code error;
    http::read(socket, buffer, request, error);
    if (error) {
      return;
    }
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
    }

    std::optional<Response> response = answer_(request);
    if (!response) {
      char byte;
      socket.read_some(net::buffer(&byte, 1), error);  // until the client gives up
      return;
    }
    if (!response->chunked()) {
      response->prepare_payload();
    }
    http::write(socket, *response, error);
  }

  net::io_context io_;
  net::ip::tcp::acceptor acceptor_{io_, {net::ip::make_address("127.0.0.1"), 0}};
  Answer answer_;
  mutable std::mutex mutex_;
  std::vector<Request> requests_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

Response answer(http::status status, std::string body, std::string content_type = "") {
  Response response(status, 11);
  if (!content_type.empty()) {
    response.set(http::field::content_type, content_type);
  }
  response.body() = std::move(body);
  return response;
}

Response ping(std::string api_version) {
  Response response = answer(http::status::ok, "OK", "text/plain; charset=utf-8");
  response.set("Api-Version", api_version);
  return response;
}

}  // namespace

TEST_CASE("an engine that speaks only API 1.39 is refused, naming both versions", "[docker]") {
  FakeEngine engine([](const Request&) { return ping("1.39"); });
  DockerClient client(engine.endpoint());

  try {
    client.version();
    FAIL("an API 1.39 engine was accepted");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kEngine);
    CHECK(error.message() == "the Docker engine at " + engine.endpoint().to_string() +
                                 " speaks API 1.39, but chora-deploy needs API 1.40 or newer "
                                 "(Docker 19.03 or later)");
  }
  CHECK(engine.targets() == std::vector<std::string>{"/_ping"});
}

TEST_CASE("an API 1.40 engine is spoken to in 1.40 and its chunked answers are read",
          "[docker]") {
  FakeEngine engine([](const Request& request) -> std::optional<Response> {
    if (request.target() == "/_ping") {
      return ping("1.40");
    }
    Response version = answer(http::status::ok,
                              R"({"Version":"19.03.15","ApiVersion":"1.40","MinAPIVersion":"1.12",)"
                              R"("Os":"linux","Arch":"arm64"})",
                              "application/json");
    version.chunked(true);
    return version;
  });
  DockerClient client(engine.endpoint());

  const EngineVersion version = client.version();
  CHECK(version.negotiated == "1.40");
  CHECK(version.version == "19.03.15");
  CHECK(version.arch == "arm64");
  CHECK(engine.targets() == std::vector<std::string>{"/_ping", "/v1.40/version"});
}

TEST_CASE("requests carry Host, a JSON content type and a base path before the version",
          "[docker]") {
  FakeEngine engine([](const Request& request) -> std::optional<Response> {
    if (request.target().ends_with("/_ping")) {
      return ping("1.41");
    }
    return answer(http::status::created, R"({"Id":"abc123","Warnings":[]})", "application/json");
  });
  Endpoint endpoint = engine.endpoint();
  endpoint.base_path = "/engine";
  DockerClient client(endpoint);

  ContainerSpec spec;
  spec.name = "chora-test-fake";
  spec.image = "chora-test/busybox:1";
  CHECK(client.create_container(spec) == "abc123");

  const std::vector<Request> requests = engine.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].target() == "/engine/_ping");
  CHECK(requests[1].target() == "/engine/v1.41/containers/create?name=chora-test-fake");
  CHECK(requests[1].method() == http::verb::post);
  CHECK(requests[1][http::field::host] == endpoint.host_header());
  CHECK(requests[1][http::field::content_type] == "application/json");
  CHECK_THAT(requests[1].body(), Catch::Contains(R"("Image":"chora-test/busybox:1")"));
}

TEST_CASE("a plain-text error answer becomes the daemon message as it is", "[docker]") {
  FakeEngine engine([](const Request& request) -> std::optional<Response> {
    if (request.target() == "/_ping") {
      return ping("1.41");
    }
    return answer(http::status::bad_request,
                  "client version 1.41 is too old. Minimum supported API version is 1.44\n",
                  "text/plain; charset=utf-8");
  });
  DockerClient client(engine.endpoint());

  try {
    client.start_container("x");
    FAIL("a 400 answer was taken for success");
  } catch (const EngineError& error) {
    CHECK(error.status() == 400);
    CHECK(std::string(error.what()) ==
          "POST /v1.41/containers/x/start: 400 Bad Request: client version 1.41 is too old. "
          "Minimum supported API version is 1.44");
  }
}

TEST_CASE("an engine that accepts but never answers times out as unreachable", "[docker]") {
  FakeEngine engine([](const Request&) { return std::optional<Response>(); });
  DockerClient client(engine.endpoint(), std::chrono::milliseconds(300));

  const auto began = std::chrono::steady_clock::now();
  try {
    client.version();
    FAIL("a silent engine was taken for an answer");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kEngineUnreachable);
    CHECK(error.message() == "the Docker engine at " + engine.endpoint().to_string() +
                                 " did not finish answering GET /_ping: receive: timed out "
                                 "after 300ms");
  }
  CHECK(std::chrono::steady_clock::now() - began < std::chrono::seconds(3));
}

TEST_CASE("a failed negotiation is tried again on the next call", "[docker]") {
  std::atomic<int> pings{0};
  FakeEngine engine([&](const Request& request) -> std::optional<Response> {
    if (request.target() == "/_ping" && ++pings == 1) {
      return answer(http::status::internal_server_error, R"({"message":"starting up"})",
                    "application/json");
    }
    if (request.target() == "/_ping") {
      return ping("1.41");
    }
    return answer(http::status::not_found, R"({"message":"No such container: x"})",
                  "application/json");
  });
  DockerClient client(engine.endpoint());

  CHECK_THROWS_WITH(client.inspect_container("x"),
                    "GET /_ping: 500 Internal Server Error: starting up");
  CHECK_FALSE(client.inspect_container("x").has_value());
  CHECK(pings == 2);
}
