#pragma once

#include <string>
#include <string_view>

#include "docker/engine.hpp"

namespace chora::docker {

// Percent-encodes `text` for one path segment or one query value: every byte but the
// unreserved characters of RFC 3986 (letters, digits, "-._~") is written as %XX. The
// engine decodes paths before routing, so "repo/name:tag" may be sent as one segment.
std::string percent_encode(std::string_view text);

// The `filters` JSON selecting containers that carry every label in `labels`:
// {"label":["k=v","k2"]}. An empty value becomes just the key, which matches any value.
// Empty `labels` give "{}".
std::string label_filters_json(const Labels& labels);

}  // namespace chora::docker
