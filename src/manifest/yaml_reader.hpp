#pragma once

#include <yaml-cpp/yaml.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "manifest/diagnostic.hpp"

// Typed access to a yaml-cpp tree for the manifest loader. This header is internal to
// src/manifest/, the one place allowed to see yaml-cpp.
namespace chora::manifest {

// What a scalar holds under YAML's core schema; quoted scalars are always strings.
enum class ScalarKind { kNull, kBool, kInteger, kFloat, kString };
ScalarKind classify_scalar(const YAML::Node& node);

// One value read from the file: a map entry ("image: x") or a list item ("- x"), with the
// node of its key (for a list item, the list's key) to point at when the value has no
// useful position of its own.
struct Field {
  std::string key;  // "image", or "[2]" for a list item
  YAML::Node key_node;
  YAML::Node value;

  bool is_item() const { return !key.empty() && key.front() == '['; }
};

// The entries of one YAML map in file order, each key once.
class FieldMap {
 public:
  void add(Field field) { fields_.push_back(std::move(field)); }
  const Field* find(std::string_view key) const;
  const std::vector<Field>& fields() const { return fields_; }

  // Known keys that an unknown key was taken for ("did you mean"): when such a key is
  // required, its absence is not reported a second time.
  void add_misspelling(std::string known_key) { misspelled_.push_back(std::move(known_key)); }
  bool misspelled(std::string_view key) const;

  // The map had a YAML merge key (`<<`), reported and skipped: what it would have merged
  // in is unknown, so no field is reported missing either.
  void set_merge_key() { merge_key_ = true; }
  bool had_merge_key() const { return merge_key_; }

 private:
  std::vector<Field> fields_;
  std::vector<std::string> misspelled_;
  bool merge_key_ = false;
};

// No duration in a manifest may be longer: beyond it a wait is a mistake, and the
// arithmetic of deadlines stays far from overflow.
inline constexpr std::chrono::milliseconds kLongestDuration = std::chrono::hours(24);

// "services" + "image" -> "services.image"; "" + "release" -> "release".
std::string join_path(const std::string& parent, std::string_view key);

// Reads typed values out of the tree. A bad value never throws: it becomes a Diagnostic
// and the read returns nothing, so a single pass finds every problem in the file.
// An empty (null) map or list reads as empty, so that `env:` with every entry commented
// out is accepted.
class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  // The manifest's path as given; relative host paths in it are resolved against its
  // directory.
  const std::string& file() const { return file_; }

  SourceLocation location(const YAML::Mark& mark) const;
  // Where `field` was written: its value when that is a scalar or a list item, else its
  // key (yaml-cpp marks a null value at the following token, and for a map or list the
  // key line reads better).
  SourceLocation location(const Field& field) const;

  void report(SourceLocation at, std::string path, std::string message, std::string hint = {});

  // The entries of a map. Reports a value that is not a map, keys that are not strings and
  // keys given twice (`noun` names them: "duplicate service 'x'"); the first one is kept.
  std::optional<FieldMap> read_map(const Field& field, const std::string& path,
                                   std::string_view noun = "key");

  // read_map, also reporting each key not in `known`, with "did you mean" when close.
  std::optional<FieldMap> read_struct(const Field& field, const std::string& path,
                                      const std::vector<std::string>& known);

  // The items of a list, as fields keyed "[i]". `example` completes the hint given when a
  // single value was written instead of a list: "write a list, e.g. <example>".
  std::optional<std::vector<Field>> read_list(const Field& field, const std::string& path,
                                              std::string_view example);

  // The text of a scalar as written, so numbers and booleans keep their spelling.
  std::optional<std::string> read_scalar(const Field& field, const std::string& path);

  // true or false (also True, TRUE, ...); a quoted one is refused, like the schema does.
  std::optional<bool> read_bool(const Field& field, const std::string& path);

  // A duration such as "30s" (see util/duration.hpp), reporting a bare number or bad text.
  std::optional<std::chrono::milliseconds> read_duration(const Field& field,
                                                         const std::string& path);

  // A whole number from `min` to `max`; `what` names it in the error: "a port number".
  std::optional<int> read_integer(const Field& field, const std::string& path, int min, int max,
                                  std::string_view what);

  // The required field `key` of `fields`, read from the map `parent` (nullopt: the top
  // level). When it is absent, reports it at the parent's key (the top level: at 1:1) with
  // `hint`, unless a misspelling of it was already reported, and returns nullptr.
  const Field* require(const FieldMap& fields, const std::optional<Field>& parent,
                       const std::string& path, std::string_view key, std::string hint);

  // True when a problem was already reported at `path` or below it ("x.update" covers
  // "x.update.order"), so that checks across fields do not repeat it in other words.
  bool reported(std::string_view path) const;

  std::vector<Diagnostic> take_diagnostics() { return std::move(diagnostics_); }

 private:
  void report_type(const Field& field, const std::string& path, std::string_view expected,
                   std::string hint = {});

  std::string file_;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace chora::manifest
