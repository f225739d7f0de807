#pragma once

#include <string>

#include "manifest/service_scope.hpp"

// The checks a health level is made of: an HTTP GET, a TCP connect, a command run inside
// the container.
namespace chora::manifest {

// Reads an `http` check ({port, path, expect, body}) at `key` of `scope` (the health
// section's): "http" for the short form, "readiness.http" inside a level.
std::optional<HttpCheck> read_http_check(ServiceScope& scope, const Field& entry,
                                         const std::string& key);

// Reads a `tcp` check ({port}) at `key`, as read_http_check.
std::optional<TcpCheck> read_tcp_check(ServiceScope& scope, const Field& entry,
                                       const std::string& key);

// Reads the level at `key` ("liveness", "readiness", "smoke"): a map with at least one of
// http, tcp and exec, where exec is a non-empty list of strings.
Probe read_probe(ServiceScope& scope, const Field& entry, const std::string& key);

}  // namespace chora::manifest
