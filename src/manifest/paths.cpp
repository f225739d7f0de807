#include "manifest/paths.hpp"

#include <system_error>

namespace chora::manifest {

std::filesystem::path manifest_directory(const std::string& manifest_path) {
  // Without a working directory to resolve against, the path stays as given.
  std::error_code error;
  std::filesystem::path absolute = std::filesystem::absolute(manifest_path, error);
  if (error) absolute = manifest_path;
  return absolute.lexically_normal().parent_path();
}

std::string resolve_host_path(const std::filesystem::path& directory, const std::string& written) {
  return (directory / written).lexically_normal().string();
}

std::optional<std::string> read_host_path(YamlReader& reader, const Field& field,
                                          const std::string& path) {
  std::optional<std::string> text = reader.read_scalar(field, path);
  if (!text) return std::nullopt;

  if (text->empty()) {
    reader.report(reader.location(field), path, "the path is empty",
                  "write a path relative to the manifest's directory, or an absolute one");
    return std::nullopt;
  }
  if (text->front() == '~') {
    reader.report(reader.location(field), path,
                  "path '" + *text + "' starts with '~', which is not expanded",
                  "write the path relative to the manifest's directory, or an absolute one");
    return std::nullopt;
  }
  return resolve_host_path(manifest_directory(reader.file()), *text);
}

}  // namespace chora::manifest
