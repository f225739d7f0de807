#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace chora {

// Parses a duration written as one or more "<integer><unit>" parts with units ms, s, m
// and h, such as "500ms", "30s", "1m30s" or "2h". The parts are added up, in any order.
// Returns nullopt for anything else, including a bare number, a sign, a fraction, spaces
// or a total that does not fit.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// The shortest exact text that parse_duration reads back as `duration`: "1m30s", "500ms",
// "2s", "1h1ms". Zero is "0s"; a negative duration gets a leading '-'.
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace chora
