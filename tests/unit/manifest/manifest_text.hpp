#pragma once

#include <string>

#include "app/release_loader.hpp"
#include "manifest/loader.hpp"

// Helpers for tests that load a manifest written inline, as "m.yaml".
namespace chora::test {

// The first two lines every inline manifest needs.
inline const std::string kHeader = "release: r\nenvironment: e\n";

// The rendered problems of `text`, loaded as every command loads a manifest (cycles
// found with the rest), or "" when it loads.
inline std::string problems(const std::string& text) {
  try {
    app::parse_release(text, "m.yaml");
    return "";
  } catch (const manifest::ManifestError& error) {
    return error.render();
  }
}

// The lines of the problems of `text` that start with `prefix`.
inline std::string lines_starting_with(const std::string& text, const std::string& prefix) {
  std::string rendered = problems(text);
  std::string lines;
  std::size_t start = 0;
  while (start < rendered.size()) {
    std::size_t end = rendered.find('\n', start);
    std::string line = rendered.substr(start, end - start);
    if (line.rfind(prefix, 0) == 0) lines += line + "\n";
    start = end + 1;
  }
  return lines;
}

// One "m.yaml:..." line per problem, without excerpt and hint, for tests about what is
// found rather than how it is shown.
inline std::string first_lines(const std::string& text) {
  return lines_starting_with(text, "m.yaml:");
}

// The hints of the problems of `text`, one a line.
inline std::string hints(const std::string& text) {
  return lines_starting_with(text, "hint: ");
}

// One service `a` (image a, version 1) with `fields` after those two, each line indented
// by four spaces in `fields`.
inline std::string with_service(const std::string& fields) {
  return kHeader + "services:\n  a:\n    image: a\n    version: '1'\n" + fields;
}

// "line:column" of a location, for tests of where fields were written.
inline std::string where(const manifest::SourceLocation& location) {
  return std::to_string(location.line) + ":" + std::to_string(location.column);
}

}  // namespace chora::test
