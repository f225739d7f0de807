#include "manifest/yaml_reader.hpp"

#include <algorithm>
#include <map>
#include <regex>

#include "util/duration.hpp"
#include "util/suggest.hpp"

namespace chora::manifest {

ScalarKind classify_scalar(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return ScalarKind::kNull;

  // "!" marks a quoted scalar; "!!str" an explicit string.
  const std::string& tag = node.Tag();
  if (tag == "!" || tag == "tag:yaml.org,2002:str") return ScalarKind::kString;

  static const std::regex kBool("true|True|TRUE|false|False|FALSE");
  static const std::regex kInteger("[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+");
  static const std::regex kFloat(
      "[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|"
      "\\.(nan|NaN|NAN)");
  const std::string& text = node.Scalar();
  if (std::regex_match(text, kBool)) return ScalarKind::kBool;
  if (std::regex_match(text, kInteger)) return ScalarKind::kInteger;
  if (std::regex_match(text, kFloat)) return ScalarKind::kFloat;
  return ScalarKind::kString;
}

namespace {

// "a map", "a list", "a number", ... for "expected a string, found a list".
std::string describe(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing";
  if (node.IsMap()) return "a map";
  if (node.IsSequence()) return "a list";
  switch (classify_scalar(node)) {
    case ScalarKind::kBool:
      return "a boolean";
    case ScalarKind::kInteger:
    case ScalarKind::kFloat:
      return "a number";
    default:
      return "a string";
  }
}

bool is_empty(const YAML::Node& node) {
  return !node.IsDefined() || node.IsNull();
}

std::string comma_list(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : ", ") + word;
  return text;
}

// Keys as Docker Compose spells them, for the manifest key that means the same.
std::optional<std::string> familiar_key(const std::string& key,
                                        const std::vector<std::string>& known) {
  static const std::map<std::string, std::string> kComposeKeys = {
      {"environment", "env"}, {"depends-on", "depends_on"}, {"tag", "version"}};
  auto familiar = kComposeKeys.find(key);
  if (familiar == kComposeKeys.end()) return std::nullopt;
  bool here = std::find(known.begin(), known.end(), familiar->second) != known.end();
  return here ? std::optional<std::string>(familiar->second) : std::nullopt;
}

}  // namespace

const Field* FieldMap::find(std::string_view key) const {
  for (const Field& field : fields_) {
    if (field.key == key) return &field;
  }
  return nullptr;
}

bool FieldMap::misspelled(std::string_view key) const {
  return std::find(misspelled_.begin(), misspelled_.end(), key) != misspelled_.end();
}

std::string join_path(const std::string& parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  if (!key.empty() && key.front() == '[') return parent + std::string(key);
  return parent + "." + std::string(key);
}

SourceLocation YamlReader::location(const YAML::Mark& mark) const {
  if (mark.is_null()) return {file_, 0, 0};
  return {file_, mark.line + 1, mark.column + 1};
}

SourceLocation YamlReader::location(const Field& field) const {
  bool own_place = !is_empty(field.value) && (field.value.IsScalar() || field.is_item());
  if (own_place || !field.key_node.IsDefined()) {
    return field.value.IsDefined() ? location(field.value.Mark()) : SourceLocation{file_};
  }
  return location(field.key_node.Mark());
}

void YamlReader::report(SourceLocation at, std::string path, std::string message,
                        std::string hint) {
  diagnostics_.push_back({std::move(at), std::move(path), std::move(message), std::move(hint)});
}

void YamlReader::report_type(const Field& field, const std::string& path, std::string_view expected,
                             std::string hint) {
  report(location(field), path,
         "expected " + std::string(expected) + ", found " + describe(field.value), std::move(hint));
}

const Field* YamlReader::require(const FieldMap& fields, const std::optional<Field>& parent,
                                 const std::string& path, std::string_view key, std::string hint) {
  const Field* field = fields.find(key);
  if (field != nullptr || fields.misspelled(key)) return field;

  SourceLocation at = parent ? location(parent->key_node.Mark()) : SourceLocation{file_, 1, 1};
  report(at, path, "missing required field '" + std::string(key) + "'", std::move(hint));
  return nullptr;
}

std::optional<FieldMap> YamlReader::read_map(const Field& field, const std::string& path,
                                             std::string_view noun) {
  if (is_empty(field.value)) return FieldMap();
  if (!field.value.IsMap()) {
    report_type(field, path, "a map");
    return std::nullopt;
  }

  FieldMap entries;
  std::map<std::string, int> first_line;
  for (auto it = field.value.begin(); it != field.value.end(); ++it) {
    const YAML::Node& key = it->first;
    SourceLocation at = location(key.Mark());
    if (!key.IsScalar()) {
      report(at, path, "expected a string as key, found " + describe(key));
      continue;
    }

    // yaml-cpp does not merge; taken as a plain key it would give misleading errors.
    if (key.Scalar() == "<<" && key.Tag() != "!") {
      entries.set_merge_key();
      report(at, join_path(path, key.Scalar()), "YAML merge keys ('<<') are not supported",
             "write the fields out; an alias (*name) of a whole map works");
      continue;
    }

    auto [first, inserted] = first_line.emplace(key.Scalar(), at.line);
    if (!inserted) {
      report(at, join_path(path, key.Scalar()),
             "duplicate " + std::string(noun) + " '" + key.Scalar() + "' (first at line " +
                 std::to_string(first->second) + ")");
      continue;
    }
    entries.add({key.Scalar(), key, it->second});
  }
  return entries;
}

std::optional<FieldMap> YamlReader::read_struct(const Field& field, const std::string& path,
                                                const std::vector<std::string>& known) {
  std::optional<FieldMap> entries = read_map(field, path);
  if (!entries) return std::nullopt;

  FieldMap known_entries;
  if (entries->had_merge_key()) {
    for (const std::string& key : known) known_entries.add_misspelling(key);
  }
  for (const Field& entry : entries->fields()) {
    if (std::find(known.begin(), known.end(), entry.key) != known.end()) {
      known_entries.add(entry);
      continue;
    }
    std::optional<std::string> match = familiar_key(entry.key, known);
    if (!match) match = closest_match(entry.key, known);
    if (match) known_entries.add_misspelling(*match);
    report(location(entry.key_node.Mark()), join_path(path, entry.key),
           "unknown key '" + entry.key + "'",
           match ? "did you mean '" + *match + "'?" : "expected one of: " + comma_list(known));
  }
  return known_entries;
}

std::optional<std::vector<Field>> YamlReader::read_list(const Field& field, const std::string& path,
                                                        std::string_view example) {
  if (is_empty(field.value)) return std::vector<Field>();
  if (!field.value.IsSequence()) {
    std::string hint = field.value.IsScalar() || field.value.IsMap()
                           ? "write a list, e.g. " + std::string(example)
                           : "";
    report_type(field, path, "a list", hint);
    return std::nullopt;
  }

  std::vector<Field> items;
  for (std::size_t i = 0; i < field.value.size(); ++i) {
    items.push_back({"[" + std::to_string(i) + "]", field.key_node, field.value[i]});
  }
  return items;
}

std::optional<std::string> YamlReader::read_scalar(const Field& field, const std::string& path) {
  if (is_empty(field.value) || !field.value.IsScalar()) {
    report_type(field, path, "a string");
    return std::nullopt;
  }
  return field.value.Scalar();
}

std::optional<bool> YamlReader::read_bool(const Field& field, const std::string& path) {
  if (!is_empty(field.value) && field.value.IsScalar() &&
      classify_scalar(field.value) == ScalarKind::kBool) {
    return field.value.Scalar().front() == 't' || field.value.Scalar().front() == 'T';
  }

  // YAML 1.1 read yes, no, on and off as booleans; the core schema reads them as strings.
  static const std::regex kOldBool("yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF");
  std::string hint;
  if (field.value.IsScalar() && field.value.Tag() == "!") {
    hint = "write true or false without quotes";
  } else if (field.value.IsScalar() && std::regex_match(field.value.Scalar(), kOldBool)) {
    hint = "write true or false; '" + field.value.Scalar() + "' is a string in YAML 1.2";
  }
  report_type(field, path, "true or false", hint);
  return std::nullopt;
}

std::optional<std::chrono::milliseconds> YamlReader::read_duration(const Field& field,
                                                                   const std::string& path) {
  std::optional<std::string> text = read_scalar(field, path);
  if (!text) return std::nullopt;

  std::optional<std::chrono::milliseconds> duration = parse_duration(*text);
  if (duration && *duration > kLongestDuration) {
    report(location(field), path,
           "duration '" + *text + "' is longer than the " + format_duration(kLongestDuration) +
               " maximum",
           "a release that waits longer than a day for one step is stuck; use a shorter "
           "duration");
    return std::nullopt;
  }
  if (duration) return duration;

  bool bare_number = !text->empty() && text->find_first_not_of("0123456789") == std::string::npos;
  if (bare_number) {
    report(location(field), path, "duration '" + *text + "' has no unit",
           "write '" + *text + "s' for seconds, or use the unit ms, m or h");
  } else {
    report(location(field), path, "invalid duration '" + *text + "'",
           "write whole numbers with a unit (ms, s, m or h), e.g. '500ms', '30s' or '1m30s'");
  }
  return std::nullopt;
}

std::optional<int> YamlReader::read_integer(const Field& field, const std::string& path, int min,
                                            int max, std::string_view what) {
  std::string range =
      std::string(what) + " from " + std::to_string(min) + " to " + std::to_string(max);
  // Quoted digits are refused like the schema refuses them, with a hint to unquote.
  if (is_empty(field.value) || !field.value.IsScalar() ||
      classify_scalar(field.value) != ScalarKind::kInteger) {
    bool quoted = field.value.IsScalar() && field.value.Tag() == "!";
    report_type(field, path, range, quoted ? "write the number without quotes" : "");
    return std::nullopt;
  }

  // Plain decimal digits only: "0x50" or "+80" are more likely slips than intent.
  const std::string& text = field.value.Scalar();
  bool digits = text.size() <= 9 && text.find_first_not_of("0123456789") == std::string::npos;
  int value = digits ? std::stoi(text) : -1;
  if (!digits || value < min || value > max) {
    report(location(field), path, "expected " + range + ", found " + text);
    return std::nullopt;
  }
  return value;
}

bool YamlReader::reported(std::string_view path) const {
  for (const Diagnostic& diagnostic : diagnostics_) {
    std::string_view reported_path = diagnostic.field_path;
    if (reported_path.substr(0, path.size()) != path) continue;
    if (reported_path.size() == path.size()) return true;
    char next = reported_path[path.size()];
    if (next == '.' || next == '[') return true;
  }
  return false;
}

}  // namespace chora::manifest
