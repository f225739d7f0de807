#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "manifest/yaml_reader.hpp"

// Host paths written in a manifest (secret files, file mounts) are relative to the
// manifest's directory, so a manifest and the files beside it move together.
namespace chora::manifest {

// The directory of the manifest at `manifest_path` (as given, relative to the working
// directory), absolute and normalised.
std::filesystem::path manifest_directory(const std::string& manifest_path);

// `written` made absolute against `directory` and normalised ("a/../b" -> "b"); an
// absolute path is only normalised. Whether the file exists is not looked at.
std::string resolve_host_path(const std::filesystem::path& directory, const std::string& written);

// Reads a host path from `field` and resolves it against the directory of the manifest
// being read. Refuses an empty path and one starting with '~', which is not expanded.
std::optional<std::string> read_host_path(YamlReader& reader, const Field& field,
                                          const std::string& path);

}  // namespace chora::manifest
