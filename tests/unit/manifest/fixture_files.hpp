#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

// Helpers for tests that run over the reference manifests in manifests/ (all valid) and
// manifests/invalid/ (each beside the exact error text it must produce).
namespace chora::test {

inline std::filesystem::path source_dir() {
  return CHORA_SOURCE_DIR;
}

inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The *.yaml files directly in `folder` (relative to the repository), sorted.
inline std::vector<std::filesystem::path> yaml_files(const std::string& folder) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir() / folder)) {
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

// "manifests/invalid/x.yaml": the path a user at the repository root would type, and
// the one the .expected files show.
inline std::string relative_name(const std::filesystem::path& path) {
  return path.lexically_relative(source_dir()).generic_string();
}

}  // namespace chora::test
