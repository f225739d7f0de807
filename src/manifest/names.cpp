#include "manifest/names.hpp"

#include <cstddef>

namespace chora::manifest {

namespace {

bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_lower(c) || is_upper(c) || is_digit(c);
}
bool is_lower_alnum(char c) {
  return is_lower(c) || is_digit(c);
}

// True when `text` is non-empty, at most `max_length` long, starts with a character
// accepted by `first` and continues with characters accepted by `rest`.
template <typename First, typename Rest>
bool matches(std::string_view text, std::size_t max_length, First first, Rest rest) {
  if (text.empty() || text.size() > max_length || !first(text[0])) return false;
  for (char c : text.substr(1)) {
    if (!rest(c)) return false;
  }
  return true;
}

bool is_punct(char c) {
  return c == '_' || c == '.' || c == '-';
}

// One path component of a repository: [a-z0-9]+(?:[._-][a-z0-9]+)*.
bool is_path_component(std::string_view part) {
  if (part.empty() || !is_lower_alnum(part.front()) || !is_lower_alnum(part.back())) {
    return false;
  }
  for (std::size_t i = 1; i < part.size(); ++i) {
    bool separator = is_punct(part[i]);
    if (!separator && !is_lower_alnum(part[i])) return false;
    if (separator && is_punct(part[i - 1])) return false;
  }
  return true;
}

// A registry host label: [a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?.
bool is_host_label(std::string_view label) {
  if (label.empty() || !is_alnum(label.front()) || !is_alnum(label.back())) return false;
  for (char c : label) {
    if (!is_alnum(c) && c != '-') return false;
  }
  return true;
}

// "host", "host.domain" or either with ":port".
bool is_registry_host(std::string_view host) {
  std::size_t colon = host.find(':');
  if (colon != std::string_view::npos) {
    std::string_view port = host.substr(colon + 1);
    if (!matches(port, 5, is_digit, is_digit)) return false;
    host = host.substr(0, colon);
  }

  std::size_t start = 0;
  while (true) {
    std::size_t dot = host.find('.', start);
    if (!is_host_label(host.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

}  // namespace

bool is_valid_release_name(std::string_view name) {
  return matches(name, 128, is_alnum, [](char c) { return is_alnum(c) || is_punct(c); });
}

bool is_valid_environment_name(std::string_view name) {
  return matches(name, 63, is_lower_alnum, [](char c) { return is_lower_alnum(c) || is_punct(c); });
}

bool is_valid_network_name(std::string_view name) {
  return matches(name, std::string_view::npos, is_alnum,
                 [](char c) { return is_alnum(c) || is_punct(c); });
}

bool is_valid_service_name(std::string_view name) {
  if (!matches(name, 63, is_lower_alnum, [](char c) { return is_lower_alnum(c) || c == '-'; })) {
    return false;
  }
  return name.back() != '-';
}

bool is_valid_image_repository(std::string_view image) {
  if (image.empty() || image.size() > 255) return false;

  // Like the schema's pattern, a first part that is not a valid path component may still
  // be a registry host; the rest must be path components.
  std::size_t slash = image.find('/');
  std::string_view first = image.substr(0, slash);
  if (slash == std::string_view::npos) return is_path_component(first);
  if (!is_path_component(first) && !is_registry_host(first)) return false;

  std::size_t start = slash + 1;
  while (true) {
    std::size_t next = image.find('/', start);
    if (!is_path_component(image.substr(start, next - start))) return false;
    if (next == std::string_view::npos) return true;
    start = next + 1;
  }
}

bool is_valid_image_tag(std::string_view tag) {
  auto first = [](char c) { return is_alnum(c) || c == '_'; };
  return matches(tag, 128, first, [](char c) { return is_alnum(c) || is_punct(c); });
}

bool is_valid_env_name(std::string_view name) {
  auto first = [](char c) { return is_upper(c) || is_lower(c) || c == '_'; };
  return matches(name, std::string_view::npos, first,
                 [](char c) { return is_alnum(c) || c == '_'; });
}

bool is_valid_secret_name(std::string_view name) {
  return matches(name, 64, is_alnum, [](char c) { return is_alnum(c) || is_punct(c); });
}

bool is_valid_mount_target(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;

  // Some part must name something: empty parts ("//") and "." alone leave the root.
  bool names_something = false;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::string_view part = path.substr(start, slash - start);
    if (part == "..") return false;
    names_something = names_something || (!part.empty() && part != ".");
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return names_something;
}

bool is_reserved_label_key(std::string_view key) {
  return key.substr(0, kReservedLabelPrefix.size()) == kReservedLabelPrefix && key != kTestLabelKey;
}

bool is_predefined_network(std::string_view name) {
  return name == "bridge" || name == "host" || name == "none";
}

}  // namespace chora::manifest
