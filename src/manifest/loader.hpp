#pragma once

#include <string>
#include <vector>

#include "manifest/diagnostic.hpp"
#include "manifest/manifest.hpp"

namespace chora::manifest {

// Reads and validates a release manifest. Every problem that can be found without the
// dependency graph is reported at once (unknown keys with "did you mean", missing or
// mistyped fields, invalid Docker names, bad durations and ports, duplicate services,
// duplicate host ports, unknown dependencies and secrets, rules between the fields of a
// service). Cycles are the graph module's: app::load_release reports them with these.
// Relative host paths (secret files, file sources) are made absolute against the
// manifest's directory: `path` made absolute against the working directory. Whether those
// files exist is left to the preflight.
//
// Throws ManifestError (kind kInvalidManifest) listing every problem, or Error (kIo)
// when the file cannot be read.
Manifest load_manifest(const std::string& path);

// Same as load_manifest, from text already in memory; `path` is used in messages and to
// resolve relative host paths, as above.
Manifest parse_manifest(const std::string& text, const std::string& path);

// The manifest as far as it could be read, with every problem found on the way; for a
// caller that adds problems of its own before reporting them all.
struct ManifestReading {
  Manifest manifest;
  std::vector<Diagnostic> problems;
};
ManifestReading check_manifest(const std::string& text, const std::string& path);

// Throws ManifestError with `problems` in the order of the manifest's lines.
[[noreturn]] void throw_problems(std::vector<Diagnostic> problems, const std::string& source);

// The text of the manifest at `path`. Throws Error (kIo) when it cannot be read.
std::string read_manifest_file(const std::string& path);

}  // namespace chora::manifest
