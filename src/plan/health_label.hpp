#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "manifest/manifest.hpp"

namespace chora::plan {

// A service's health gate as compact JSON, kept in a label on each container it made.
// A rollback checks an old container against the gate it was created with: the new
// release may probe another port, or a new network.
std::string health_label(const manifest::HealthSpec& health);

// Reads a health label back; nothing when the label is missing or unreadable.
std::optional<manifest::HealthSpec> parse_health_label(std::string_view label);

}  // namespace chora::plan
