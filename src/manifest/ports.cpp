#include "manifest/ports.hpp"

#include <vector>

namespace chora::manifest {

namespace {

constexpr std::string_view kFormatHint =
    "write 'HOST:CONTAINER' or 'IP:HOST:CONTAINER', optionally followed by '/tcp' or "
    "'/udp', e.g. '127.0.0.1:8081:80'";

bool is_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// A port number 1..65535 written without leading zeros; 0 when it is not one.
int port_number(std::string_view text) {
  if (!is_digits(text) || text.size() > 5 || text[0] == '0') return 0;
  int value = std::stoi(std::string(text));
  return value <= 65535 ? value : 0;
}

// Dotted-quad IPv4, each part 0..255 without leading zeros.
bool is_ipv4(std::string_view text) {
  std::vector<std::string_view> parts = split(text, '.');
  if (parts.size() != 4) return false;
  for (std::string_view part : parts) {
    if (!is_digits(part) || part.size() > 3 || (part.size() > 1 && part[0] == '0')) {
      return false;
    }
    if (std::stoi(std::string(part)) > 255) return false;
  }
  return true;
}

// Fills `port` from `text`, the `which` ("host" or "container") port of `whole`.
bool read_port(std::string_view text, std::string_view whole, std::string_view which,
               std::uint16_t* port, PortError* error) {
  if (!is_digits(text)) {
    *error = {"invalid port mapping '" + std::string(whole) + "'", std::string(kFormatHint)};
    return false;
  }
  int value = port_number(text);
  if (value == 0) {
    *error = {std::string(which) + " port " + std::string(text) + " in '" + std::string(whole) +
                  "' is not a port number",
              "ports are numbers from 1 to 65535, without leading zeros"};
    return false;
  }
  *port = static_cast<std::uint16_t>(value);
  return true;
}

// Splits off "/tcp" or "/udp"; false for any other suffix.
bool read_protocol(std::string_view* text, PortMapping* mapping, PortError* error) {
  std::size_t slash = text->find('/');
  if (slash == std::string_view::npos) return true;

  std::string_view protocol = text->substr(slash + 1);
  if (protocol != "tcp" && protocol != "udp") {
    *error = {
        "unknown protocol '" + std::string(protocol) + "' in port '" + std::string(*text) + "'",
        "write '/tcp' or '/udp', or nothing for tcp"};
    return false;
  }
  mapping->protocol = std::string(protocol);
  *text = text->substr(0, slash);
  return true;
}

}  // namespace

std::optional<PortMapping> parse_port_mapping(std::string_view text, PortError* error) {
  PortMapping mapping;
  std::string_view whole = text;
  if (!read_protocol(&text, &mapping, error)) return std::nullopt;

  std::vector<std::string_view> parts = split(text, ':');
  if (parts.size() == 1 && is_digits(parts[0])) {
    *error = {"port '" + std::string(whole) + "' has no host port",
              "chora-deploy publishes a container port on a fixed host port: write 'HOST:" +
                  std::string(parts[0]) + "', e.g. '8080:" + std::string(parts[0]) +
                  "'; services of the release reach each other without publishing"};
    return std::nullopt;
  }
  if (parts.size() != 2 && parts.size() != 3) {
    *error = {"invalid port mapping '" + std::string(whole) + "'", std::string(kFormatHint)};
    return std::nullopt;
  }

  if (parts.size() == 3) {
    if (!is_ipv4(parts[0])) {
      *error = {
          "invalid host IP '" + std::string(parts[0]) + "' in port '" + std::string(whole) + "'",
          "write an IPv4 address such as '127.0.0.1'; IPv6 is not supported"};
      return std::nullopt;
    }
    mapping.host_ip = std::string(parts[0]);
  }

  std::size_t host = parts.size() - 2;
  if (!read_port(parts[host], whole, "host", &mapping.host_port, error) ||
      !read_port(parts[host + 1], whole, "container", &mapping.container_port, error)) {
    return std::nullopt;
  }
  return mapping;
}

bool host_ports_overlap(const PortMapping& a, const PortMapping& b) {
  auto everywhere = [](const std::string& ip) { return ip.empty() || ip == "0.0.0.0"; };
  if (a.protocol != b.protocol || a.host_port != b.host_port) return false;
  return a.host_ip == b.host_ip || everywhere(a.host_ip) || everywhere(b.host_ip);
}

std::string host_address(const PortMapping& mapping) {
  std::string ip = mapping.host_ip.empty() ? "" : mapping.host_ip + ":";
  return ip + std::to_string(mapping.host_port) + "/" + mapping.protocol;
}

}  // namespace chora::manifest
