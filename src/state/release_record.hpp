#pragma once

#include <map>
#include <optional>
#include <string>

namespace chora::state {

// The last release committed to an environment, as chora-deploy recorded it. The engine
// stays the truth about what runs; this only remembers the release as a whole (its
// name and revision), which individual containers cannot tell once some are unchanged.
struct ReleaseRecord {
  std::string release;
  std::string environment;
  int revision = 0;
  std::string committed_at;  // RFC 3339 UTC
  std::string trace_id;
  std::string deployed_by;
  std::map<std::string, std::string> versions;  // service -> version
};

// Writes <state dir>/environments/<environment>.json atomically (temporary file, then
// rename), so a crash leaves the old record or the new one, never half of one.
// Throws Error (kIo).
void write_release_record(const std::string& state_dir, const ReleaseRecord& record);

// Nothing when no release was ever recorded or the record cannot be read.
std::optional<ReleaseRecord> read_release_record(const std::string& state_dir,
                                                 const std::string& environment);

}  // namespace chora::state
