#include "plan/version_order.hpp"

#include <cctype>

namespace chora::plan {
namespace {

bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

// The run of digits or of non-digits that starts at `at`.
std::string_view run_at(std::string_view text, std::size_t at) {
  std::size_t end = at;
  while (end < text.size() && is_digit(text[end]) == is_digit(text[at])) ++end;
  return text.substr(at, end - at);
}

int compare_numbers(std::string_view a, std::string_view b) {
  while (a.size() > 1 && a.front() == '0') a.remove_prefix(1);
  while (b.size() > 1 && b.front() == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b);
}

}  // namespace

int compare_versions(std::string_view a, std::string_view b) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < a.size() && j < b.size()) {
    std::string_view left = run_at(a, i);
    std::string_view right = run_at(b, j);
    bool numbers = is_digit(left.front()) && is_digit(right.front());
    int order = numbers ? compare_numbers(left, right) : left.compare(right);
    if (order != 0) return order < 0 ? -1 : 1;
    i += left.size();
    j += right.size();
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

}  // namespace chora::plan
