#pragma once

#include <boost/beast/http.hpp>

#include "docker/endpoint.hpp"
#include "docker/http_transport.hpp"

namespace chora::docker {

// The Beast message for `request` to `endpoint`, as every connection of the client sends
// it: the base path of a tcp:// endpoint before the target, a Host header, the client's
// User-Agent, a Content-Type with a body, and Connection: close, since each connection
// carries one call (a hijacked or streamed one cannot carry another anyway).
boost::beast::http::request<boost::beast::http::string_body> to_beast_request(
    const Endpoint& endpoint, const HttpRequest& request);

}  // namespace chora::docker
