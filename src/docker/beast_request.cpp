#include "docker/beast_request.hpp"

namespace chora::docker {

namespace http = boost::beast::http;

http::request<http::string_body> to_beast_request(const Endpoint& endpoint,
                                                  const HttpRequest& request) {
  const std::string base = endpoint.kind == Endpoint::Kind::kTcp ? endpoint.base_path : "";
  http::request<http::string_body> message;
  message.method_string(request.method);
  message.target(base + request.target);
  message.version(11);
  message.set(http::field::host, endpoint.host_header());
  message.set(http::field::user_agent, "chora-deploy/" CHORA_VERSION);

  if (!request.body.empty()) {
    message.set(http::field::content_type, request.content_type);
    message.body() = request.body;
  }
  message.keep_alive(false);
  message.prepare_payload();
  return message;
}

}  // namespace chora::docker
