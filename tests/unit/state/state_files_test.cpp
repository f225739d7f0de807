#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <filesystem>

#include <catch2/catch.hpp>

#include "state/environment_lock.hpp"
#include "state/release_record.hpp"
#include "util/error.hpp"

using namespace chora;

namespace {

// A state directory of its own, removed at the end of the test.
struct TemporaryStateDir {
  std::string path =
      (std::filesystem::temp_directory_path() / ("chora-test-state-" + std::to_string(::getpid())))
          .string();
  ~TemporaryStateDir() { std::filesystem::remove_all(path); }
};

}  // namespace

TEST_CASE("a second holder of an environment's lock is refused, with the holder named", "[state]") {
  TemporaryStateDir dir;
  state::EnvironmentLock first = state::EnvironmentLock::acquire(dir.path, "staging", "alice");
  try {
    state::EnvironmentLock::acquire(dir.path, "staging", "bob");
    FAIL("took a held lock");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kPreflight);
    CHECK(std::string(error.what()).find("environment 'staging' is locked by alice") == 0);
  }
  // Another environment is independent.
  state::EnvironmentLock other = state::EnvironmentLock::acquire(dir.path, "prod", "bob");
}

TEST_CASE("the lock's holder can be seen without waiting and without taking it", "[state]") {
  TemporaryStateDir dir;
  CHECK_FALSE(state::EnvironmentLock::current_holder(dir.path, "staging"));
  {
    state::EnvironmentLock held = state::EnvironmentLock::acquire(dir.path, "staging", "alice");
    CHECK(state::EnvironmentLock::current_holder(dir.path, "staging") == "alice");
  }
  CHECK_FALSE(state::EnvironmentLock::current_holder(dir.path, "staging"));
  // Looking left it free.
  state::EnvironmentLock after = state::EnvironmentLock::acquire(dir.path, "staging", "bob");
}

TEST_CASE("an apply waits out a look at its lock instead of refusing", "[state]") {
  TemporaryStateDir dir;
  { state::EnvironmentLock created = state::EnvironmentLock::acquire(dir.path, "dev", "a"); }
  // A plan or status that looks at the lock holds it shared for a moment; here, longer.
  int looking = ::open((dir.path + "/locks/dev.lock").c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(looking >= 0);
  REQUIRE(::flock(looking, LOCK_SH | LOCK_NB) == 0);
  std::thread done_looking([looking] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ::close(looking);
  });
  CHECK_NOTHROW(state::EnvironmentLock::acquire(dir.path, "dev", "b"));
  done_looking.join();
}

TEST_CASE("a released lock can be taken again", "[state]") {
  TemporaryStateDir dir;
  { state::EnvironmentLock first = state::EnvironmentLock::acquire(dir.path, "dev", "a"); }
  // Released, it no longer names its holder: a later refusal must not blame "a".
  CHECK(std::filesystem::file_size(dir.path + "/locks/dev.lock") == 0);
  state::EnvironmentLock again = state::EnvironmentLock::acquire(dir.path, "dev", "b");
}

TEST_CASE("a release record reads back as written", "[state]") {
  TemporaryStateDir dir;
  state::ReleaseRecord record;
  record.release = "ecosystem-2026.12";
  record.environment = "staging";
  record.revision = 4;
  record.services = {{"chora-search", "3.0.0"}, {"chora-config", "1.0.0"}};
  state::write_release_record(dir.path, record);
  auto read = state::read_release_record(dir.path, "staging");

  REQUIRE(read);
  CHECK(read->release == "ecosystem-2026.12");
  CHECK(read->revision == 4);
  REQUIRE(read->services.size() == 2);
  CHECK(read->services[0].name == "chora-search");  // order kept: rollout order
  CHECK(read->services[1].version == "1.0.0");
  CHECK_FALSE(state::read_release_record(dir.path, "prod"));
}

TEST_CASE("the last revision only ever grows", "[state]") {
  TemporaryStateDir dir;
  CHECK(state::read_last_revision(dir.path, "dev") == 0);
  state::write_last_revision(dir.path, "dev", 4);
  state::write_last_revision(dir.path, "dev", 2);
  CHECK(state::read_last_revision(dir.path, "dev") == 4);
  CHECK(state::read_last_revision(dir.path, "prod") == 0);
}
