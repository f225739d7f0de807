#include "support/test_release.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "plan/labels.hpp"

namespace chora::testing {
namespace {

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  return std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

}  // namespace

std::string chora_binary() {
#ifdef CHORA_DEPLOY_BINARY
  return CHORA_DEPLOY_BINARY;
#else
  return "chora-deploy";
#endif
}

std::uint16_t free_local_port() {
  boost::asio::io_context context;
  boost::asio::ip::tcp::acceptor acceptor(context, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

TestRelease::TestRelease(const std::string& name)
    : environment_("citest-" + name + "-" + unique_suffix()),
      network_("chora-test-" + environment_),
      dir_((std::filesystem::temp_directory_path() / ("chora-test-" + environment_)).string()),
      state_dir_(dir_ + "/state"),
      events_path_(dir_ + "/deployment.jsonl"),
      engine_(docker::endpoint_from_environment()) {
  std::filesystem::create_directories(state_dir_);
}

TestRelease::~TestRelease() {
  try {
    for (const docker::ContainerSummary& container : containers()) {
      engine_.remove_container(container.id, true);
    }
    engine_.remove_network(network_);
  } catch (const std::exception&) {
    // The suite's final clean-up removes whatever carries the test label.
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string TestRelease::write_manifest(const std::string& file, const std::string& yaml) const {
  std::string path = dir_ + "/" + file;
  std::ofstream(path) << yaml;
  return path;
}

std::string TestRelease::manifest_header(const std::string& release) const {
  return "release: " + release + "\nenvironment: " + environment_ + "\nnetwork: " + network_ +
         "\ntrace_id: TEST-1\nlabels: { io.chora-deploy.test: \"true\" }\nservices:\n";
}

std::string TestRelease::diamond(const std::string& release, const Versions& versions,
                                 std::uint16_t gateway_port, const std::string& timeout) const {
  std::string yaml = manifest_header(release);
  auto service = [&](const std::string& name, const std::string& needs) {
    auto found = versions.find(name);
    std::string version = found == versions.end() ? "1.0.0" : found->second;
    yaml += "  chora-" + name + ":\n    image: chora-test/" + name + "\n    version: " + version +
            "\n    stop_timeout: 2s\n";
    if (!needs.empty()) {
      yaml += "    depends_on: [" + needs + "]\n";
      std::string upstreams = needs;
      std::replace(upstreams.begin(), upstreams.end(), ',', ' ');
      yaml += "    env: { UPSTREAMS: \"" + upstreams + "\" }\n";
    }
    if (name == "gateway") {
      yaml += "    ports: [\"127.0.0.1:" + std::to_string(gateway_port) + ":80\"]\n";
    }
    yaml += "    health: { http: { port: 80, path: /health }, timeout: " + timeout + " }\n";
  };
  service("config", "");
  service("indexer", "chora-config");
  service("compose", "chora-config");
  service("search", "chora-indexer,chora-compose");
  service("gateway", "chora-search");
  return yaml;
}

ProgramResult TestRelease::chora(const std::vector<std::string>& args,
                                 const std::map<std::string, std::string>& env) const {
  std::vector<std::string> full = {"--state-dir", state_dir_};
  full.insert(full.end(), args.begin(), args.end());
  if (!args.empty() && args.front() == "apply") {
    full.push_back("--events");
    full.push_back(events_path_);
  }
  return run_program(chora_binary(), full, env);
}

std::vector<docker::ContainerSummary> TestRelease::containers() {
  return engine_.list_containers({{std::string(plan::labels::kEnvironment), environment_}}, true);
}

std::map<std::string, std::string> TestRelease::running_versions() {
  std::map<std::string, std::string> versions;
  for (const docker::ContainerSummary& container : containers()) {
    if (container.state != "running") continue;
    versions[container.labels.at(std::string(plan::labels::kService))] =
        container.labels.at(std::string(plan::labels::kVersion));
  }
  return versions;
}

}  // namespace chora::testing
