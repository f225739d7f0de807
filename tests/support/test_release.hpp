#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "docker/docker_client.hpp"
#include "support/program_runner.hpp"

namespace chora::testing {

// Versions of the five example services, by short name (config, indexer, ...).
using Versions = std::map<std::string, std::string>;

// One integration test's own corner of the real engine: a unique environment and
// network, a temporary directory for manifests, state and events. Everything it made is
// removed in the destructor, so a failing test leaves nothing behind. Every manifest it
// writes labels its objects io.chora-deploy.test=true for the suite-wide clean-up too.
class TestRelease {
 public:
  explicit TestRelease(const std::string& name);
  ~TestRelease();

  TestRelease(const TestRelease&) = delete;
  TestRelease& operator=(const TestRelease&) = delete;

  const std::string& environment() const { return environment_; }
  const std::string& network() const { return network_; }
  const std::string& state_dir() const { return state_dir_; }
  const std::string& events_path() const { return events_path_; }

  // Writes `yaml` into the test's directory and returns the file's path.
  std::string write_manifest(const std::string& file, const std::string& yaml) const;

  // The top of a manifest for this environment: release, environment, network, labels.
  std::string manifest_header(const std::string& release) const;

  // The example diamond (config -> indexer, compose -> search -> gateway) on the test
  // images, each at the version given (default 1.0.0), the gateway published on
  // 127.0.0.1:`gateway_port`, every service behind an HTTP gate of `timeout`.
  std::string diamond(const std::string& release, const Versions& versions,
                      std::uint16_t gateway_port, const std::string& timeout = "20s") const;

  // Runs chora-deploy with --state-dir and --events (for apply) set to this test's.
  ProgramResult chora(const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env = {}) const;

  // Every container of the environment, stopped ones too.
  std::vector<docker::ContainerSummary> containers();

  // The environment's containers by service, only running ones: service -> version.
  std::map<std::string, std::string> running_versions();

  docker::DockerClient& engine() { return engine_; }

 private:
  std::string environment_;
  std::string network_;
  std::string dir_;
  std::string state_dir_;
  std::string events_path_;
  docker::DockerClient engine_;
};

// A TCP port on 127.0.0.1 that nothing listens on right now.
std::uint16_t free_local_port();

// Path of the chora-deploy binary under test.
std::string chora_binary();

}  // namespace chora::testing
