#include "util/duration.hpp"

#include <cstdint>
#include <limits>

namespace chora {

namespace {

constexpr std::int64_t kMaxMillis = std::numeric_limits<std::int64_t>::max();

// Milliseconds per unit, or 0 when `text` does not start with a unit. "ms" is tried
// before "m" so that "5ms" is five milliseconds, not five minutes followed by junk.
std::int64_t read_unit(std::string_view text, std::size_t* length) {
  if (text.substr(0, 2) == "ms") {
    *length = 2;
    return 1;
  }
  *length = 1;
  if (text.empty()) return 0;
  switch (text[0]) {
    case 's':
      return 1000;
    case 'm':
      return 60 * 1000;
    case 'h':
      return 60 * 60 * 1000;
    default:
      return 0;
  }
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;

  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    // The number of one part; guarding each step keeps "99999999999999999999h" an error.
    std::int64_t count = 0;
    std::size_t start = i;
    for (; i < text.size() && is_digit(text[i]); ++i) {
      int digit = text[i] - '0';
      if (count > (kMaxMillis - digit) / 10) return std::nullopt;
      count = count * 10 + digit;
    }
    if (i == start) return std::nullopt;

    std::size_t unit_length = 0;
    std::int64_t unit = read_unit(text.substr(i), &unit_length);
    if (unit == 0) return std::nullopt;
    i += unit_length;

    if (count > (kMaxMillis - total) / unit) return std::nullopt;
    total += count * unit;
  }
  return std::chrono::milliseconds(total);
}

std::string format_duration(std::chrono::milliseconds duration) {
  std::int64_t millis = duration.count();
  if (millis == 0) return "0s";
  if (millis < 0) return "-" + format_duration(-duration);

  struct Unit {
    std::int64_t millis;
    const char* suffix;
  };
  static constexpr Unit kUnits[] = {
      {60 * 60 * 1000, "h"}, {60 * 1000, "m"}, {1000, "s"}, {1, "ms"}};

  std::string text;
  for (const Unit& unit : kUnits) {
    if (millis >= unit.millis) {
      text += std::to_string(millis / unit.millis) + unit.suffix;
      millis %= unit.millis;
    }
  }
  return text;
}

}  // namespace chora
