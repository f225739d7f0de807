#include "state/release_record.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "util/error.hpp"

namespace chora::state {
namespace {

std::filesystem::path record_path(const std::string& state_dir, const std::string& environment) {
  return std::filesystem::path(state_dir) / "environments" / (environment + ".json");
}

ReleaseRecord record_from_json(const nlohmann::json& json, const std::string& environment) {
  ReleaseRecord record;
  record.release = json.value("release", "");
  record.environment = json.value("environment", environment);
  record.revision = json.value("revision", 0);
  record.committed_at = json.value("committed_at", "");
  record.trace_id = json.value("trace_id", "");
  record.deployed_by = json.value("deployed_by", "");
  if (json.contains("versions") && json["versions"].is_object()) {
    for (const auto& [service, version] : json["versions"].items()) {
      if (version.is_string()) record.versions[service] = version.get<std::string>();
    }
  }
  return record;
}

}  // namespace

void write_release_record(const std::string& state_dir, const ReleaseRecord& record) {
  std::filesystem::path path = record_path(state_dir, record.environment);
  nlohmann::json json = {{"release", record.release},   {"environment", record.environment},
                         {"revision", record.revision}, {"committed_at", record.committed_at},
                         {"trace_id", record.trace_id}, {"deployed_by", record.deployed_by},
                         {"versions", record.versions}};

  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << json.dump(2) << "\n";
    out.flush();
    if (!out) throw Error(ErrorKind::kIo, fmt::format("writing '{}'", temporary.string()));
  }
  std::filesystem::rename(temporary, path, error);
  if (error) {
    throw Error(ErrorKind::kIo, fmt::format("renaming '{}' to '{}': {}", temporary.string(),
                                            path.string(), error.message()));
  }
}

std::optional<ReleaseRecord> read_release_record(const std::string& state_dir,
                                                 const std::string& environment) {
  std::ifstream in(record_path(state_dir, environment));
  if (!in) return std::nullopt;
  nlohmann::json json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;

  try {
    return record_from_json(json, environment);
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;  // a record edited by hand into another shape is no record
  }
}

}  // namespace chora::state
