// End to end on the real engine: the chora-deploy binary applies releases of the example
// diamond (config -> indexer, compose -> search -> gateway) built from the test images.

#include <algorithm>
#include <catch2/catch.hpp>

#include "docker/http_transport.hpp"
#include "state/environment_lock.hpp"
#include "support/event_schema.hpp"
#include "support/test_release.hpp"

using namespace chora;
using testing::TestRelease;
using testing::Versions;

namespace {

const Versions kAllAt110 = {{"config", "1.1.0"},
                            {"indexer", "1.1.0"},
                            {"compose", "1.1.0"},
                            {"search", "1.1.0"},
                            {"gateway", "1.1.0"}};

std::map<std::string, std::string> all_at(const std::string& version) {
  return {{"chora-config", version},
          {"chora-indexer", version},
          {"chora-compose", version},
          {"chora-search", version},
          {"chora-gateway", version}};
}

std::vector<std::string> container_ids(TestRelease& release) {
  std::vector<std::string> ids;
  for (const auto& container : release.containers()) ids.push_back(container.id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Every line of the test's deployment.jsonl must satisfy the shared schema.
std::vector<nlohmann::json> checked_events(const TestRelease& release) {
  std::vector<nlohmann::json> lines = testing::read_event_lines(release.events_path());
  for (const nlohmann::json& line : lines) {
    INFO(line.dump());
    CHECK(testing::deployment_event_problems(line).empty());
  }
  return lines;
}

std::string release_status(const std::vector<nlohmann::json>& lines) {
  std::string status;
  for (const nlohmann::json& line : lines) {
    if (line.is_object() && line["event_type"] == "release") status = line["status"];
  }
  return status;
}

std::string gateway_version(std::uint16_t port) {
  docker::HttpRequest request;
  request.target = "/version";
  docker::HttpResponse response = docker::send_request(docker::Endpoint::tcp("127.0.0.1", port),
                                                       request, std::chrono::seconds(5));
  std::string body = response.body;
  while (!body.empty() && body.back() == '\n') body.pop_back();
  return body;
}

}  // namespace

TEST_CASE("apply brings a release up from nothing, healthy and reachable by name",
          "[integration][apply]") {
  TestRelease release("fresh");
  std::uint16_t port = testing::free_local_port();
  std::string manifest = release.write_manifest("v1.yaml", release.diamond("v1", {}, port));

  testing::ProgramResult applied = release.chora({"apply", manifest});
  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);

  // Each service waited for its upstreams by DNS name before serving, so all five
  // passing their gates shows the aliases resolve on the release network.
  CHECK(release.running_versions() == all_at("1.0.0"));
  CHECK(gateway_version(port).find("1.0.0") != std::string::npos);
  CHECK(release_status(checked_events(release)) == "succeeded");

  testing::ProgramResult status = release.chora({"status", manifest});
  CHECK(status.exit_code == 0);
  CHECK(status.out.find("release v1 (revision 1)") != std::string::npos);
  CHECK(status.out.find("HEALTHCHECK") != std::string::npos);
  CHECK(std::count(status.out.begin(), status.out.end(), '\n') >= 7);
}

TEST_CASE("an upgrade replaces every service and leaves no old container", "[integration][apply]") {
  TestRelease release("upgrade");
  std::uint16_t port = testing::free_local_port();
  std::string v1 = release.write_manifest("v1.yaml", release.diamond("v1", {}, port));
  std::string v2 = release.write_manifest("v2.yaml", release.diamond("v2", kAllAt110, port));
  REQUIRE(release.chora({"apply", v1}).exit_code == 0);

  testing::ProgramResult upgraded = release.chora({"apply", v2});
  INFO(upgraded.err);
  REQUIRE(upgraded.exit_code == 0);

  CHECK(release.running_versions() == all_at("1.1.0"));
  CHECK(release.containers().size() == 5);
  CHECK(gateway_version(port).find("1.1.0") != std::string::npos);
  std::vector<nlohmann::json> events = checked_events(release);
  CHECK(release_status(events) == "succeeded");

  // Each container start, stop and removal is an engine call of its own, and its event
  // says how long that call took: dashboards chart them.
  int timed = 0;
  for (const nlohmann::json& event : events) {
    bool container_step =
        event["event_type"] == "service.cleanup" ||
        (event["event_type"] == "service.deploy" && event["status"] == "succeeded" &&
         event["metadata"].contains("container_id"));
    if (!container_step) continue;
    INFO(event.dump());
    CHECK(event["duration_seconds"].get<double>() > 0.0);
    ++timed;
  }
  CHECK(timed >= 15);  // v1: 5 starts; v2: 5 starts, 5 stops, 5 removals
}

TEST_CASE("a failed upgrade puts every service back on its previous version",
          "[integration][apply][rollback]") {
  TestRelease release("rollback");
  std::uint16_t port = testing::free_local_port();
  std::string v1 = release.write_manifest("v1.yaml", release.diamond("v1", {}, port));
  Versions broken = kAllAt110;
  broken["search"] = "1.2.0-broken";
  std::string bad =
      release.write_manifest("bad.yaml", release.diamond("v2-rc", broken, port, "6s"));
  REQUIRE(release.chora({"apply", v1}).exit_code == 0);
  std::vector<std::string> before = container_ids(release);

  testing::ProgramResult failed = release.chora({"apply", bad});
  INFO(failed.err);
  CHECK(failed.exit_code == 5);
  CHECK(failed.err.find("chora-search: health gate failed") != std::string::npos);

  // The very containers of v1 serve again, healthy; nothing of the attempt is left.
  CHECK(release.running_versions() == all_at("1.0.0"));
  CHECK(container_ids(release) == before);
  CHECK(gateway_version(port).find("1.0.0") != std::string::npos);
  std::vector<nlohmann::json> events = checked_events(release);
  CHECK(release_status(events) == "rolled_back");

  testing::ProgramResult plan = release.chora({"plan", "--detailed-exitcode", v1});
  CHECK(plan.exit_code == 0);
}

TEST_CASE("plan on a running release reports no changes and touches nothing",
          "[integration][plan]") {
  TestRelease release("plan");
  std::uint16_t port = testing::free_local_port();
  std::string v1 = release.write_manifest("v1.yaml", release.diamond("v1", {}, port));
  std::string v2 = release.write_manifest("v2.yaml", release.diamond("v2", kAllAt110, port));
  REQUIRE(release.chora({"apply", v1}).exit_code == 0);
  std::vector<std::string> before = container_ids(release);

  testing::ProgramResult same = release.chora({"plan", "--detailed-exitcode", v1});
  CHECK(same.exit_code == 0);
  CHECK(same.out.find("No changes") != std::string::npos);

  testing::ProgramResult upgrade = release.chora({"plan", "--detailed-exitcode", v2});
  CHECK(upgrade.exit_code == 2);
  CHECK(upgrade.out.find("~ chora-search") != std::string::npos);
  CHECK(upgrade.out.find("1.0.0 -> 1.1.0") != std::string::npos);
  CHECK(upgrade.out.find("stop-first (host port") != std::string::npos);

  testing::ProgramResult json = release.chora({"plan", "-o", "json", v2});
  CHECK(nlohmann::json::parse(json.out)["summary"]["update"] == 5);

  // While an apply holds the environment, what plan and status read may be half way.
  {
    state::EnvironmentLock applying =
        state::EnvironmentLock::acquire(release.state_dir(), release.environment(), "ci@runner");
    testing::ProgramResult locked = release.chora({"plan", "--detailed-exitcode", v1});
    CHECK(locked.exit_code == 4);
    CHECK(locked.out.find("is locked by ci@runner: an apply is running") != std::string::npos);

    testing::ProgramResult status = release.chora({"status", v1});
    CHECK(status.exit_code == 0);
    CHECK(status.out.find("An apply is running (ci@runner)") != std::string::npos);
    testing::ProgramResult json = release.chora({"status", "-o", "json", v1});
    CHECK(nlohmann::json::parse(json.out)["apply_running"] == "ci@runner");
  }
  CHECK(release.chora({"plan", "--detailed-exitcode", v1}).exit_code == 0);

  // A CI log viewer that shows colour gets it when asked, though stderr is no terminal.
  testing::ProgramResult colored = release.chora({"--color", "always", "-v", "plan", v1});
  CHECK(colored.err.find("\x1b[") != std::string::npos);
  CHECK(release.chora({"-v", "plan", v1}).err.find("\x1b[") == std::string::npos);

  CHECK(container_ids(release) == before);
}

TEST_CASE("a second apply of the same manifest changes nothing", "[integration][apply]") {
  TestRelease release("noop");
  std::string v1 =
      release.write_manifest("v1.yaml", release.diamond("v1", {}, testing::free_local_port()));
  REQUIRE(release.chora({"apply", v1}).exit_code == 0);
  std::vector<std::string> before = container_ids(release);

  testing::ProgramResult again = release.chora({"apply", v1});
  CHECK(again.exit_code == 0);
  CHECK(again.err.find("nothing to do") != std::string::npos);
  CHECK(container_ids(release) == before);
  CHECK(release_status(checked_events(release)) == "succeeded");
}

TEST_CASE("every attempt has a revision of its own, a no-op and a refused one too",
          "[integration][apply]") {
  TestRelease release("attempts");
  int port = testing::free_local_port();
  std::string v1 = release.write_manifest("v1.yaml", release.diamond("v1", {}, port));
  std::string missing = release.write_manifest(
      "missing.yaml", release.diamond("v2", {{"search", "9.9.9-not-built"}}, port));
  std::string v2 = release.write_manifest("v2.yaml", release.diamond("v2", kAllAt110, port));
  REQUIRE(release.chora({"apply", v1}).exit_code == 0);
  REQUIRE(release.chora({"apply", v1}).exit_code == 0);       // nothing to do
  REQUIRE(release.chora({"apply", missing}).exit_code == 4);  // refused by the preflight
  REQUIRE(release.chora({"apply", v2}).exit_code == 0);

  // The release events of the four attempts, in order, each with its own revision.
  std::vector<int> revisions;
  for (const nlohmann::json& event : checked_events(release)) {
    if (event["event_type"] != "release" || event["status"] == "started") continue;
    revisions.push_back(event["metadata"]["revision"].get<int>());
  }
  CHECK(revisions == std::vector<int>{1, 2, 3, 4});
}

TEST_CASE("independent services roll at once, each as soon as its own dependencies pass",
          "[integration][apply]") {
  TestRelease release("parallel");
  std::string manifest =
      release.write_manifest("v1.yaml", release.diamond("v1", {}, testing::free_local_port()));
  REQUIRE(release.chora({"apply", manifest}).exit_code == 0);

  // Indexer and compose both start before either has passed its gate.
  std::vector<nlohmann::json> events = checked_events(release);
  auto index_of = [&](const std::string& service, const std::string& type,
                      const std::string& status) {
    for (std::size_t i = 0; i < events.size(); ++i) {
      if (events[i]["repository"] == service && events[i]["event_type"] == type &&
          events[i]["status"] == status) {
        return i;
      }
    }
    FAIL("no " + type + " " + status + " event for " + service);
    return std::size_t{0};
  };
  std::size_t first_pass = std::min(index_of("chora-indexer", "service.health_gate", "succeeded"),
                                    index_of("chora-compose", "service.health_gate", "succeeded"));
  CHECK(index_of("chora-indexer", "service.deploy", "started") < first_pass);
  CHECK(index_of("chora-compose", "service.deploy", "started") < first_pass);
}
