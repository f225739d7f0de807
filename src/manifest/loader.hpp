#pragma once

#include <string>

#include "manifest/manifest.hpp"

namespace chora::manifest {

// Reads and validates a release manifest. Every problem that can be found without the
// dependency graph is reported at once (unknown keys with "did you mean", missing or
// mistyped fields, invalid Docker names, bad durations and ports, duplicate services,
// duplicate host ports, unknown dependencies and secrets, rules between the fields of a
// service). Cycles are found by the graph module. Relative host paths (secret files, file
// sources) are made absolute against the manifest's directory: `path` made absolute
// against the working directory. Whether those files exist is left to the preflight.
//
// Throws ManifestError (kind kInvalidManifest) listing every problem, or Error (kIo)
// when the file cannot be read.
Manifest load_manifest(const std::string& path);

// Same as load_manifest, from text already in memory; `path` is used in messages and to
// resolve relative host paths, as above.
Manifest parse_manifest(const std::string& text, const std::string& path);

}  // namespace chora::manifest
