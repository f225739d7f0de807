// The client against the real engine seen through a fault-injecting proxy, for answers the
// engine never gives on its own: an older API, a base path, silence, a failed first ping.
// Every answer still comes from the engine unless a test replaces it on purpose.

#include "support/fault_proxy.hpp"

#include <chrono>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>

#include "docker/docker_client.hpp"
#include "docker/errors.hpp"
#include "docker/query.hpp"
#include "integration/docker/test_objects.hpp"

using namespace chora;
using namespace chora::docker;
using testing::FaultProxy;

namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;

// The engine itself, without the proxy.
DockerClient direct_client() {
  return DockerClient(endpoint_from_environment());
}

// "/v1.41": what the client speaks with this engine when nothing is rewritten.
std::string spoken_prefix() {
  return "/v" + direct_client().version().negotiated;
}

// Makes the engine's own ping report `version` as its API version.
void report_api_version(FaultProxy& proxy, const std::string& version) {
  proxy.add_rule({.match = testing::target_is("/_ping"),
                  .action = FaultProxy::RewriteResponse{[version](FaultProxy::Response& ping) {
                    ping.set("Api-Version", version);
                  }}});
}

// Makes the client's container starts ask the engine for API `version` instead.
void ask_for_api_version(FaultProxy& proxy, const std::string& version) {
  const std::regex version_prefix("^/v[0-9.]+/");
  proxy.add_rule({.match = testing::request_matching("POST", R"(/v[0-9.]+/containers/.*/start)"),
                  .action = FaultProxy::RewriteRequest{[=](FaultProxy::Request& start) {
                    const std::string target(start.target());
                    start.target(std::regex_replace(target, version_prefix, "/v" + version + "/"));
                  }}});
}

// True when the client got an answer and the engine wrote it (the proxy's own have no Server).
bool answered_by_engine(const FaultProxy::Exchange& exchange) {
  return exchange.response &&
         std::string((*exchange.response)[http::field::server]).starts_with("Docker/");
}

std::string without_trailing_newlines(std::string text) {
  while (text.ends_with('\n')) {
    text.pop_back();
  }
  return text;
}

}  // namespace

TEST_CASE("through the proxy the client sees the engine exactly as directly", "[docker]") {
  DockerClient direct = direct_client();
  const std::string name = test::unique_name("forwarded");
  test::ContainerGuard guard(direct, name);
  ContainerSpec spec = test::test_container(name);
  spec.labels = test::test_labels({{"io.chora-deploy.run", name}});
  direct.create_container(spec);

  FaultProxy proxy;
  DockerClient client(proxy.endpoint());
  const Labels of_run = {{"io.chora-deploy.run", name}};
  const std::vector<ContainerSummary> seen = client.list_containers(of_run, true);
  const std::vector<ContainerSummary> expected = direct.list_containers(of_run, true);
  REQUIRE(seen.size() == 1);
  REQUIRE(expected.size() == 1);
  CHECK(seen[0].id == expected[0].id);
  CHECK(seen[0].name == name);
  CHECK(seen[0].image == expected[0].image);
  CHECK(seen[0].state == expected[0].state);
  CHECK(seen[0].labels == expected[0].labels);

  const std::optional<ImageInfo> image = client.inspect_image(test::kTestImage);
  const std::optional<ImageInfo> expected_image = direct.inspect_image(test::kTestImage);
  REQUIRE(image.has_value());
  REQUIRE(expected_image.has_value());
  CHECK(image->id == expected_image->id);
  CHECK(image->repo_tags == expected_image->repo_tags);
  CHECK(image->has_healthcheck == expected_image->has_healthcheck);

  const std::vector<FaultProxy::Exchange> exchanges = proxy.exchanges();
  REQUIRE(exchanges.size() == 3);  // ping, list, inspect
  for (const FaultProxy::Exchange& exchange : exchanges) {
    CHECK(answered_by_engine(exchange));
  }
}

TEST_CASE("the proxy answers several requests on one connection while serving others", "[docker]") {
  FaultProxy proxy;
  net::io_context io;
  net::ip::tcp::socket kept(io);
  kept.connect({net::ip::make_address("127.0.0.1"), proxy.endpoint().port});
  boost::beast::flat_buffer buffer;
  const auto ping_on_kept = [&] {
    http::request<http::empty_body> ping(http::verb::get, "/_ping", 11);  // keep-alive
    ping.set(http::field::host, proxy.endpoint().host_header());
    http::write(kept, ping);
    http::response<http::string_body> answer;
    http::read(kept, buffer, answer);
    return answer;
  };

  CHECK(ping_on_kept().body() == "OK");
  // The kept connection is idle but open; another client must not wait for it.
  CHECK(DockerClient(proxy.endpoint()).version().negotiated == spoken_prefix().substr(2));
  const http::response<http::string_body> second = ping_on_kept();
  CHECK(second.body() == "OK");
  CHECK(second.keep_alive());
  CHECK(proxy.targets() ==
        std::vector<std::string>{"/_ping", "/_ping", spoken_prefix() + "/version", "/_ping"});
}

TEST_CASE("an engine that speaks only API 1.39 is refused, naming both versions", "[docker]") {
  FaultProxy proxy;
  report_api_version(proxy, "1.39");
  DockerClient client(proxy.endpoint());

  try {
    client.version();
    FAIL("an API 1.39 engine was accepted");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kEngine);
    CHECK(error.message() == "the Docker engine at " + proxy.endpoint().to_string() +
                                 " speaks API 1.39, but chora-deploy needs API 1.40 or newer "
                                 "(Docker 19.03 or later)");
  }
  CHECK(proxy.targets() == std::vector<std::string>{"/_ping"});
  CHECK(answered_by_engine(proxy.exchanges()[0]));
}

TEST_CASE("an API 1.40 engine is spoken to in 1.40 and its chunked answers are read", "[docker]") {
  FaultProxy proxy;
  report_api_version(proxy, "1.40");
  DockerClient client(proxy.endpoint());

  const EngineVersion version = client.version();
  CHECK(version.negotiated == "1.40");
  CHECK(version.version == direct_client().version().version);

  // The engine sends image inspect chunked (over 2 KB); the proxy passes that on as it is.
  const std::optional<ImageInfo> image = client.inspect_image(test::kTestImage);
  REQUIRE(image.has_value());
  CHECK(image->id == direct_client().inspect_image(test::kTestImage)->id);

  const std::vector<FaultProxy::Exchange> exchanges = proxy.exchanges();
  REQUIRE(exchanges.size() == 3);
  CHECK(exchanges[1].request.target() == "/v1.40/version");
  CHECK(exchanges[2].request.target() ==
        "/v1.40/images/" + percent_encode(test::kTestImage) + "/json");
  REQUIRE(answered_by_engine(exchanges[2]));
  CHECK(exchanges[2].response->chunked());
  CHECK_FALSE(exchanges[2].response->has_content_length());
}

TEST_CASE("requests carry Host, a JSON content type and a base path before the version",
          "[docker]") {
  DockerClient direct = direct_client();
  const std::string name = test::unique_name("base-path");
  test::ContainerGuard guard(direct, name);
  FaultProxy proxy(FaultProxy::Options{.base_path = "/base"});
  const Endpoint endpoint = proxy.endpoint();
  REQUIRE(endpoint.to_string() == "tcp://127.0.0.1:" + std::to_string(endpoint.port) + "/base");
  DockerClient client(endpoint);

  const std::string id = client.create_container(test::test_container(name));
  CHECK(direct.inspect_container(name)->id == id);

  const std::vector<FaultProxy::Request> requests = proxy.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].target() == "/base/_ping");
  CHECK(requests[1].target() == "/base" + spoken_prefix() + "/containers/create?name=" + name);
  CHECK(requests[1].method() == http::verb::post);
  CHECK(requests[1][http::field::host] == endpoint.host_header());
  CHECK(requests[1][http::field::content_type] == "application/json");
  CHECK_THAT(requests[1].body(), Catch::Contains(R"("Image":"chora-test/busybox:1")"));
}

TEST_CASE("a plain-text error answer becomes the daemon message as it is", "[docker]") {
  // The engine answers an API version below its minimum in text/plain, not JSON.
  FaultProxy proxy;
  ask_for_api_version(proxy, "1.11");
  DockerClient client(proxy.endpoint());
  const std::string name = test::unique_name("never-created");

  try {
    client.start_container(name);
    FAIL("a 400 answer was taken for success");
  } catch (const EngineError& error) {
    const FaultProxy::Exchange start = proxy.exchanges().back();
    REQUIRE(answered_by_engine(start));
    const FaultProxy::Response& answer = *start.response;
    REQUIRE_THAT(std::string(answer[http::field::content_type]), Catch::StartsWith("text/plain"));
    REQUIRE_THAT(answer.body(), Catch::StartsWith("client version 1.11 is too old."));

    const std::string message = without_trailing_newlines(answer.body());
    CHECK(error.status() == 400);
    CHECK(error.daemon_message() == message);
    CHECK(std::string(error.what()) == "POST " + spoken_prefix() + "/containers/" + name +
                                           "/start: 400 Bad Request: " + message);
  }
}

TEST_CASE("an engine that accepts but never answers times out as unreachable", "[docker]") {
  std::optional<FaultProxy> proxy(std::in_place);
  proxy->add_rule({.action = FaultProxy::Hold{}});
  DockerClient client(proxy->endpoint(), std::chrono::milliseconds(300));

  const auto began = std::chrono::steady_clock::now();
  try {
    client.version();
    FAIL("a silent engine was taken for an answer");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kEngineUnreachable);
    CHECK(error.message() == "the Docker engine at " + proxy->endpoint().to_string() +
                                 " did not finish answering GET /_ping: receive: timed out "
                                 "after 300ms");
  }
  CHECK(std::chrono::steady_clock::now() - began < std::chrono::seconds(3));

  // The held request must not keep the proxy from stopping.
  const auto stopping = std::chrono::steady_clock::now();
  proxy.reset();
  CHECK(std::chrono::steady_clock::now() - stopping < std::chrono::seconds(1));
}

TEST_CASE("a failed negotiation is tried again on the next call", "[docker]") {
  FaultProxy proxy;
  proxy.add_rule({.match = testing::target_is("/_ping"),
                  .action = FaultProxy::Reply{testing::engine_error(
                      http::status::internal_server_error, "starting up")},
                  .times = 1});
  DockerClient client(proxy.endpoint());
  const std::string name = test::unique_name("missing");

  CHECK_THROWS_WITH(client.inspect_container(name),
                    "GET /_ping: 500 Internal Server Error: starting up");
  CHECK_FALSE(client.inspect_container(name).has_value());

  CHECK(proxy.targets() ==
        std::vector<std::string>{"/_ping", "/_ping",
                                 spoken_prefix() + "/containers/" + name + "/json"});
  CHECK(answered_by_engine(proxy.exchanges()[1]));
}

TEST_CASE("an answer lost after the engine acted leaves the caller without it", "[docker]") {
  DockerClient direct = direct_client();
  const std::string name = test::unique_name("lost-answer");
  test::ContainerGuard guard(direct, name);
  FaultProxy proxy;
  proxy.add_rule({.match = testing::request_matching("POST", R"(/v[0-9.]+/containers/create.*)"),
                  .action = FaultProxy::CloseConnection{.forward = true}});
  DockerClient client(proxy.endpoint());

  try {
    client.create_container(test::test_container(name));
    FAIL("a closed connection was taken for an answer");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kEngineUnreachable);
    CHECK(error.message() == "the Docker engine at " + proxy.endpoint().to_string() +
                                 " did not finish answering POST " + spoken_prefix() +
                                 "/containers/create?name=" + name + ": receive: end of stream");
  }
  // The engine did create it: whoever retries must expect the name to be taken.
  CHECK(direct.inspect_container(name).has_value());
}
