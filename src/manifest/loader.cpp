#include "manifest/loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>

#include "manifest/manifest_reader.hpp"
#include "manifest/validate.hpp"
#include "manifest/yaml_reader.hpp"

namespace chora::manifest {

namespace {

constexpr std::string_view kShapeHint =
    "a manifest is a map with at least 'release', 'environment' and 'services'";

constexpr std::string_view kTabHint = "indent with spaces: YAML does not allow tabs there";

// Line `index` (0-based) of `text`, without its line break.
std::string_view line_of(std::string_view text, int index) {
  if (index < 0) return {};
  std::size_t start = 0;
  for (int i = 0; i < index && start != std::string_view::npos; ++i) {
    start = text.find('\n', start);
    if (start != std::string_view::npos) ++start;
  }
  if (start == std::string_view::npos || start > text.size()) return {};
  return text.substr(start, text.find('\n', start) - start);
}

// What usually causes yaml-cpp's terser syntax errors. A tab in the indentation of the
// line the error points at explains it, whatever yaml-cpp called it.
std::string syntax_hint(const std::string& message, std::string_view text, int line) {
  std::string_view source = line_of(text, line);
  std::size_t indent_end = source.find_first_not_of(" \t");
  bool blank = indent_end == std::string_view::npos;
  if (!blank && source.substr(0, indent_end).find('\t') != std::string_view::npos) {
    return std::string(kTabHint);
  }
  if (message == YAML::ErrorMsg::TAB_IN_INDENTATION) return std::string(kTabHint);
  static const std::pair<std::string_view, std::string_view> kHints[] = {
      {YAML::ErrorMsg::END_OF_SEQ_FLOW, "a list opened with '[' is not closed with ']'"},
      {YAML::ErrorMsg::END_OF_MAP_FLOW, "a map opened with '{' is not closed with '}'"},
      {YAML::ErrorMsg::MAP_VALUE,
       "a ':' is out of place: check this line's indentation (spaces, not tabs) and quote "
       "values that contain ': '"},
      {YAML::ErrorMsg::BLOCK_ENTRY, "a '- ' list item is out of place: check the indentation"},
      {YAML::ErrorMsg::END_OF_MAP, "check the indentation of the lines above"},
      {YAML::ErrorMsg::END_OF_SEQ, "check the indentation of the lines above"},
  };
  for (const auto& [known, hint] : kHints) {
    if (message == known) return std::string(hint);
  }
  return "";
}

// yaml-cpp marks a document at its first node; the `---` that starts it is on that line
// or above it, past blank lines and comments.
YAML::Mark document_start(std::string_view text, const YAML::Mark& first_node) {
  for (int line = first_node.line; line >= 0; --line) {
    std::string_view source = line_of(text, line);
    if (source.substr(0, 3) == "---") {
      YAML::Mark marker = first_node;
      marker.line = line;
      marker.column = 0;
      return marker;
    }
    std::size_t first = source.find_first_not_of(" \t");
    bool blank_or_comment = first == std::string_view::npos || source[first] == '#';
    if (line != first_node.line && !blank_or_comment) break;
  }
  return first_node;
}

// The one document of `text`, or nullopt after reporting why there is none. yaml-cpp's
// exceptions stop here: they become diagnostics like every other problem.
std::optional<YAML::Node> parse_document(const std::string& text, YamlReader& reader) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::ParserException& error) {
    reader.report(reader.location(error.mark), "", "invalid YAML: " + error.msg,
                  syntax_hint(error.msg, text, error.mark.line));
    return std::nullopt;
  }

  if (documents.empty() || documents.front().IsNull()) {
    reader.report(reader.location(YAML::Mark()), "", "the manifest is empty",
                  std::string(kShapeHint));
    return std::nullopt;
  }
  if (documents.size() > 1) {
    reader.report(reader.location(document_start(text, documents[1].Mark())), "",
                  "a second YAML document starts here",
                  "a manifest holds one release; give each release a file of its own");
  }
  if (!documents.front().IsMap()) {
    std::string found = documents.front().IsSequence() ? "a list" : "a single value";
    reader.report(reader.location(documents.front().Mark()), "",
                  "the manifest must be a map, found " + found, std::string(kShapeHint));
    return std::nullopt;
  }
  return documents.front();
}

void sort_by_position(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     if (a.location.line != b.location.line) {
                       return a.location.line < b.location.line;
                     }
                     return a.location.column < b.location.column;
                   });
}

void append(std::vector<Diagnostic>& to, std::vector<Diagnostic> from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

ManifestReading check_manifest(const std::string& text, const std::string& path) {
  ManifestReading reading;
  Manifest& manifest = reading.manifest;
  manifest.path = path;
  manifest.source = text;

  YamlReader reader(path);
  if (std::optional<YAML::Node> root = parse_document(text, reader)) {
    read_manifest(reader, *root, manifest);
  }

  // A `secrets:` that is not a map would make every reference to a secret unknown.
  bool secrets_read = !reader.reported("secrets") || !manifest.secrets.empty();
  reading.problems = reader.take_diagnostics();
  append(reading.problems, check_dependencies(manifest));
  append(reading.problems, check_host_ports(manifest));
  if (secrets_read) append(reading.problems, check_secret_references(manifest));
  return reading;
}

void throw_problems(std::vector<Diagnostic> problems, const std::string& source) {
  sort_by_position(problems);
  throw ManifestError(std::move(problems), source);
}

Manifest parse_manifest(const std::string& text, const std::string& path) {
  ManifestReading reading = check_manifest(text, path);
  if (!reading.problems.empty()) throw_problems(std::move(reading.problems), text);
  return std::move(reading.manifest);
}

std::string read_manifest_file(const std::string& path) {
  auto fail = [&path]() {
    Error error(ErrorKind::kIo, std::strerror(errno));
    throw error.add_context("reading manifest '" + path + "'");
  };

  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) fail();

  std::string text;
  char buffer[8192];
  std::size_t count;
  while ((count = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) text.append(buffer, count);
  if (std::ferror(file.get())) fail();
  return text;
}

Manifest load_manifest(const std::string& path) {
  return parse_manifest(read_manifest_file(path), path);
}

}  // namespace chora::manifest
