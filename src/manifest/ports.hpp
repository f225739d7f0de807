#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "manifest/manifest.hpp"

namespace chora::manifest {

// Why a port mapping was refused: what is wrong, and a hint saying what to write.
struct PortError {
  std::string message;
  std::string hint;
};

// Reads "host:container" or "ip:host:container", each optionally followed by "/tcp" or
// "/udp" (default tcp). Ports are 1..65535 without leading zeros and the ip is IPv4. A
// bare container port is refused: chora-deploy publishes ports on a fixed host port.
// On failure returns nullopt and fills `error`.
std::optional<PortMapping> parse_port_mapping(std::string_view text, PortError* error);

// True when `a` and `b` cannot both be bound: same protocol and host port, and the same
// host IP or either one on all interfaces ("" or "0.0.0.0").
bool host_ports_overlap(const PortMapping& a, const PortMapping& b);

// The host side of a mapping, as shown in messages: "8080/tcp", "127.0.0.1:8081/tcp".
std::string host_address(const PortMapping& mapping);

}  // namespace chora::manifest
