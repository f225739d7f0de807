#pragma once

#include <string>
#include <vector>

#include "util/error.hpp"

namespace chora::manifest {

// A position in a manifest file. Line and column are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

// One problem found in a manifest: where it is, which field, what is wrong, and
// optionally a hint such as "did you mean 'chora-indexer'?".
struct Diagnostic {
  SourceLocation location;
  std::string field_path;  // e.g. "services.chora-search.depends_on[1]"
  std::string message;
  std::string hint;
};

// Renders a diagnostic the way compilers do:
//   manifest.yaml:12:9: error: services.chora-search.depends_on[1]: unknown service 'x'
//      12 |       - chora-indexr
//         |         ^
//   hint: did you mean 'chora-indexer'?
// `source` is the whole manifest text; when it is empty, the source line is left out. So
// is a line under `env` or the top-level `secrets`, where secret values end up.
std::string format_diagnostic(const Diagnostic& diagnostic, const std::string& source);

// Thrown when a manifest cannot be loaded or is invalid. It holds every problem found,
// in file order, and the manifest text so they can be rendered with source lines.
class ManifestError : public Error {
 public:
  ManifestError(std::vector<Diagnostic> diagnostics, std::string source);

  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

  // All diagnostics rendered with format_diagnostic, one after another.
  std::string render() const;

 private:
  std::vector<Diagnostic> diagnostics_;
  std::string source_;
};

}  // namespace chora::manifest
