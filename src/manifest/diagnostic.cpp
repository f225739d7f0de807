#include "manifest/diagnostic.hpp"

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace chora::manifest {

namespace {

constexpr std::size_t kGutterWidth = 5;

// Line `line` (1-based) of `source` without its line break, or nullopt past the end.
std::optional<std::string_view> source_line(std::string_view source, int line) {
  std::size_t start = 0;
  for (int i = 1; i < line; ++i) {
    start = source.find('\n', start);
    if (start == std::string_view::npos) return std::nullopt;
    ++start;
  }
  std::string_view text = source.substr(start, source.find('\n', start) - start);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

// "file:12:9", leaving out what is unknown.
std::string position(const SourceLocation& location) {
  std::string text = location.file;
  if (location.line > 0) text += ":" + std::to_string(location.line);
  if (location.line > 0 && location.column > 0) text += ":" + std::to_string(location.column);
  return text;
}

// "   12 | ", or the same width blank for the caret line.
std::string gutter(const std::string& number) {
  std::size_t padding = number.size() < kGutterWidth ? kGutterWidth - number.size() : 0;
  return std::string(padding, ' ') + number + " | ";
}

// The source line and a caret under `column` (0: no caret). Tabs become spaces and a
// UTF-8 character takes one cell, so the caret stays under the byte yaml-cpp counted.
std::string excerpt(std::string_view line, int line_number, int column) {
  std::string shown;
  std::string padding;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i] == '\t' ? ' ' : line[i];
    shown += c;
    bool continuation = (static_cast<unsigned char>(c) & 0xC0) == 0x80;
    if (i + 1 < static_cast<std::size_t>(column) && !continuation) padding += ' ';
  }

  std::string number = std::to_string(line_number);
  std::string text = gutter(number) + shown + "\n";
  if (column > 0) text += gutter(std::string(number.size(), ' ')) + padding + "^\n";
  return text;
}

// Environment values are where secrets end up; a line of them is never echoed.
bool under_env(const std::string& field_path) {
  std::size_t at = field_path.find(".env");
  while (at != std::string::npos) {
    std::size_t end = at + 4;
    if (end == field_path.size() || field_path[end] == '.') return true;
    at = field_path.find(".env", end);
  }
  return false;
}

// Under the top-level `secrets` only a file path belongs; anything else written there may
// be a secret's value put in by mistake.
bool under_secrets(const std::string& field_path) {
  constexpr std::string_view kFile = ".file";
  bool top = field_path == "secrets" || field_path.rfind("secrets.", 0) == 0;
  bool file = field_path.size() > kFile.size() &&
              field_path.compare(field_path.size() - kFile.size(), kFile.size(), kFile) == 0;
  return top && !file;
}

// Why the source line of a problem at `field_path` is not shown, or "".
std::string_view hidden_because(const std::string& field_path) {
  if (under_env(field_path)) return "(not shown: env values may be secret)";
  if (under_secrets(field_path)) return "(not shown: a secret's value may be written here)";
  return "";
}

}  // namespace

std::string format_diagnostic(const Diagnostic& diagnostic, const std::string& source) {
  const SourceLocation& location = diagnostic.location;
  std::string text = position(location) + ": error: ";
  if (!diagnostic.field_path.empty()) text += diagnostic.field_path + ": ";
  text += diagnostic.message + "\n";

  std::string_view hidden = hidden_because(diagnostic.field_path);
  if (!hidden.empty()) {
    text += gutter(std::to_string(location.line)) + std::string(hidden) + "\n";
  } else if (!source.empty() && location.line > 0) {
    std::optional<std::string_view> line = source_line(source, location.line);
    if (line) text += excerpt(*line, location.line, location.column);
  }

  if (!diagnostic.hint.empty()) text += "hint: " + diagnostic.hint + "\n";
  return text;
}

namespace {

// "manifest.yaml: 3 problems in the manifest".
std::string summary(const std::vector<Diagnostic>& diagnostics) {
  std::string file = diagnostics.empty() ? "manifest" : diagnostics.front().location.file;
  std::size_t count = diagnostics.size();
  return file + ": " + std::to_string(count) + (count == 1 ? " problem" : " problems") +
         " in the manifest";
}

}  // namespace

ManifestError::ManifestError(std::vector<Diagnostic> diagnostics, std::string source)
    : Error(ErrorKind::kInvalidManifest, summary(diagnostics)),
      diagnostics_(std::move(diagnostics)),
      source_(std::move(source)) {}

std::string ManifestError::render() const {
  std::string text;
  for (const Diagnostic& diagnostic : diagnostics_) text += format_diagnostic(diagnostic, source_);
  return text;
}

}  // namespace chora::manifest
