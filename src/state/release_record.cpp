#include "state/release_record.hpp"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/error.hpp"

namespace chora::state {
namespace {

std::filesystem::path record_path(const std::string& state_dir, const std::string& environment) {
  return std::filesystem::path(state_dir) / "environments" / (environment + ".json");
}

std::filesystem::path revision_path(const std::string& state_dir, const std::string& environment) {
  return std::filesystem::path(state_dir) / "environments" / (environment + ".revision");
}

ReleaseRecord record_from_json(const nlohmann::json& json, const std::string& environment) {
  ReleaseRecord record;
  record.release = json.value("release", "");
  record.environment = json.value("environment", environment);
  record.revision = json.value("revision", 0);
  record.committed_at = json.value("committed_at", "");
  record.trace_id = json.value("trace_id", "");
  record.deployed_by = json.value("deployed_by", "");
  if (json.contains("services") && json["services"].is_array()) {
    for (const nlohmann::json& service : json["services"]) {
      record.services.push_back({service.value("name", ""), service.value("version", "")});
    }
  }
  return record;
}

// Writes `text` to `path` through a temporary file and a rename.
void write_atomically(const std::filesystem::path& path, const std::string& text) {
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  std::filesystem::path temporary = path;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw Error(ErrorKind::kIo, fmt::format("writing '{}'", temporary.string()));
  }
  std::filesystem::rename(temporary, path, error);
  if (error) {
    throw Error(ErrorKind::kIo, fmt::format("renaming '{}' to '{}': {}", temporary.string(),
                                            path.string(), error.message()));
  }
}

}  // namespace

void write_release_record(const std::string& state_dir, const ReleaseRecord& record) {
  nlohmann::json services = nlohmann::json::array();
  for (const ReleaseRecord::Service& service : record.services) {
    services.push_back({{"name", service.name}, {"version", service.version}});
  }
  nlohmann::json json = {{"release", record.release},   {"environment", record.environment},
                         {"revision", record.revision}, {"committed_at", record.committed_at},
                         {"trace_id", record.trace_id}, {"deployed_by", record.deployed_by},
                         {"services", services}};
  write_atomically(record_path(state_dir, record.environment), json.dump(2) + "\n");
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

int read_last_revision(const std::string& state_dir, const std::string& environment) {
  std::ifstream in(revision_path(state_dir, environment));
  int revision = 0;
  if (!(in >> revision)) return 0;
  return revision;
}

void write_last_revision(const std::string& state_dir, const std::string& environment,
                         int revision) {
  if (revision <= read_last_revision(state_dir, environment)) return;
  write_atomically(revision_path(state_dir, environment), std::to_string(revision) + "\n");
}

}  // namespace chora::state
