#pragma once

#include <optional>
#include <string>
#include <vector>

namespace chora::state {

// The last release committed to an environment, as chora-deploy recorded it. The engine
// stays the truth about what runs; this only remembers the release as a whole (its
// name and revision), which individual containers cannot tell once some are unchanged.
struct ReleaseRecord {
  struct Service {
    std::string name;
    std::string version;
  };

  std::string release;
  std::string environment;
  int revision = 0;
  std::string committed_at;  // RFC 3339 UTC
  std::string trace_id;
  std::string deployed_by;
  std::vector<Service> services;  // in rollout order
};

// Writes <state dir>/environments/<environment>.json atomically (temporary file, then
// rename), so a crash leaves the old record or the new one, never half of one.
// Throws Error (kIo).
void write_release_record(const std::string& state_dir, const ReleaseRecord& record);

// Nothing when no release was ever recorded or the record cannot be read.
std::optional<ReleaseRecord> read_release_record(const std::string& state_dir,
                                                 const std::string& environment);

// The highest revision handed out for `environment` by this machine, failed attempts
// included; 0 when none. Kept apart from the record, so that no two attempts share a
// revision even when the failed one left no container behind.
int read_last_revision(const std::string& state_dir, const std::string& environment);

// Raises the stored highest revision to `revision`. Throws Error (kIo).
void write_last_revision(const std::string& state_dir, const std::string& environment,
                         int revision);

}  // namespace chora::state
