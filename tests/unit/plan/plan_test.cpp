#include "plan/plan.hpp"

#include <catch2/catch.hpp>

#include "graph/dependency_graph.hpp"
#include "manifest/loader.hpp"

using namespace chora;
using plan::ActionKind;

namespace {

const char* const kRelease = R"(release: r2
environment: dev
services:
  config:
    image: chora/config
    version: "2"
    env: { LOG_LEVEL: info }
  gateway:
    image: chora/gateway
    version: "2"
    ports: ["127.0.0.1:18080:80"]
    depends_on: [config]
)";

// A container of `service` as the manifest wants it, as if an earlier apply made it.
state::ObservedContainer matching(const manifest::Manifest& manifest, const std::string& name,
                                  int revision) {
  const manifest::Service& service = *manifest.find(name);
  plan::Fingerprint fingerprint = plan::fingerprint_of(manifest, service);
  state::ObservedContainer container;
  container.id = name + "-id-" + std::to_string(revision);
  container.name = "dev_" + name + "_r" + std::to_string(revision);
  container.service = name;
  container.version = service.version;
  container.revision = revision;
  container.config_hash = fingerprint.hash;
  container.config_parts = fingerprint.parts;
  container.state = "running";
  for (const manifest::PortMapping& port : service.ports) {
    container.ports.push_back({port.host_ip, port.host_port, port.container_port, "tcp"});
  }
  return container;
}

struct Fixture {
  manifest::Manifest manifest = manifest::parse_manifest(kRelease, "release.yaml");
  graph::DependencyGraph graph = graph::DependencyGraph::build(manifest);
  state::ObservedState observed{"dev", {}, true};

  plan::Plan make() { return plan::make_plan(manifest, graph, observed); }
};

// Running replicas `numbers` of `service`, as a scale or a create of revision `revision`
// left them: dev_<service>_r<revision>_<number>.
void add_replicas(Fixture& f, const std::string& service, int revision,
                  std::initializer_list<int> numbers) {
  for (int number : numbers) {
    state::ObservedContainer replica = matching(f.manifest, service, revision);
    replica.name += "_" + std::to_string(number);
    replica.id += "_" + std::to_string(number);
    replica.replica = number;
    f.observed.containers.push_back(replica);
  }
}

}  // namespace

TEST_CASE("an empty environment gets every service created and the network", "[plan]") {
  Fixture f;
  f.observed.network_exists = false;
  plan::Plan plan = f.make();

  CHECK(plan.create_network);
  CHECK(plan.revision == 1);
  CHECK(plan.count(ActionKind::kCreate) == 2);
  CHECK(plan.find("gateway")->wave == 2);
  CHECK(plan.find("config")->reasons == std::vector<std::string>{"new service"});
  CHECK(plan.has_changes());
}

TEST_CASE("a plan names the other release it replaces, by its newest container", "[plan]") {
  Fixture f;
  CHECK(f.make().replaces_release.empty());  // nothing runs

  state::ObservedContainer config = matching(f.manifest, "config", 3);
  config.release = "r1";
  state::ObservedContainer gateway = matching(f.manifest, "gateway", 4);
  gateway.release = "other";
  f.observed.containers = {config, gateway};
  CHECK(f.make().replaces_release == "other");

  // An unchanged service keeps the label of an older release: the newest one counts.
  gateway.release = "r2";
  f.observed.containers = {config, gateway};
  CHECK(f.make().replaces_release.empty());
}

TEST_CASE("a running container with the same configuration is left unchanged", "[plan]") {
  Fixture f;
  f.observed.containers = {matching(f.manifest, "config", 3), matching(f.manifest, "gateway", 3)};
  plan::Plan plan = f.make();

  CHECK(plan.count(ActionKind::kUnchanged) == 2);
  CHECK_FALSE(plan.has_changes());
  CHECK(plan.revision == 4);
}

TEST_CASE("a new version is an update that says which versions", "[plan]") {
  Fixture f;
  state::ObservedContainer old = matching(f.manifest, "config", 1);
  old.version = "1";
  old.config_hash = "old";
  old.config_parts["image"] = "old";
  f.observed.containers = {old, matching(f.manifest, "gateway", 1)};
  plan::Plan plan = f.make();
  const plan::Action& action = *plan.find("config");

  CHECK(action.kind == ActionKind::kUpdate);
  CHECK(action.reasons == std::vector<std::string>{"version 1 -> 2"});
  CHECK(action.strategy == plan::Strategy::kStartFirst);
  REQUIRE(action.current.size() == 1);
  CHECK(action.current.front().id == "config-id-1");
}

TEST_CASE("a changed part of the configuration is named in the reasons", "[plan]") {
  Fixture f;
  state::ObservedContainer old = matching(f.manifest, "config", 1);
  old.config_hash = "old";
  old.config_parts["env"] = "old";
  f.observed.containers = {old};

  CHECK(f.make().find("config")->reasons == std::vector<std::string>{"env changed"});
}

TEST_CASE("a container that is not running is replaced even when unchanged", "[plan]") {
  Fixture f;
  state::ObservedContainer old = matching(f.manifest, "config", 1);
  old.state = "exited";
  f.observed.containers = {old};
  plan::Plan plan = f.make();
  const plan::Action& action = *plan.find("config");

  CHECK(action.kind == ActionKind::kUpdate);
  CHECK(action.reasons == std::vector<std::string>{"container dev_config_r1 is exited"});
}

TEST_CASE("an update that needs a host port the old container holds is stop-first", "[plan]") {
  Fixture f;
  state::ObservedContainer old = matching(f.manifest, "gateway", 1);
  old.config_hash = "old";
  old.version = "1";
  f.observed.containers = {old};
  plan::Plan plan = f.make();
  const plan::Action& action = *plan.find("gateway");

  CHECK(action.strategy == plan::Strategy::kStopFirst);
  CHECK(action.strategy_reason == "host port 127.0.0.1:18080:80/tcp can only be bound once");
}

TEST_CASE("a service that left the manifest is removed after the release", "[plan]") {
  Fixture f;
  state::ObservedContainer legacy = matching(f.manifest, "config", 1);
  legacy.service = "legacy";
  legacy.name = "dev_legacy_r1";
  f.observed.containers = {matching(f.manifest, "config", 1), matching(f.manifest, "gateway", 1),
                           legacy};
  plan::Plan plan = f.make();

  REQUIRE(plan.removals.size() == 1);
  CHECK(plan.removals[0].service == "legacy");
  CHECK(plan.removals[0].current.front().name == "dev_legacy_r1");
  CHECK(plan.has_changes());
}

TEST_CASE("the newest running container serves; older ones are leftovers", "[plan]") {
  Fixture f;
  state::ObservedContainer stopped = matching(f.manifest, "config", 5);
  stopped.state = "exited";
  f.observed.containers = {matching(f.manifest, "config", 4), stopped,
                           matching(f.manifest, "gateway", 4)};
  plan::Plan plan = f.make();
  const plan::Action& action = *plan.find("config");

  CHECK(action.kind == ActionKind::kUnchanged);
  CHECK(action.current.front().name == "dev_config_r4");
  REQUIRE(action.leftovers.size() == 1);
  CHECK(action.leftovers[0].name == "dev_config_r5");
  CHECK(f.make().has_changes());
  CHECK(f.make().revision == 6);
}

TEST_CASE("an earlier version is called a downgrade", "[plan]") {
  Fixture f;
  state::ObservedContainer newer = matching(f.manifest, "config", 1);
  newer.version = "10";
  newer.config_hash = "newer";
  f.observed.containers = {newer};

  CHECK(f.make().find("config")->reasons ==
        std::vector<std::string>{"version 10 -> 2 (downgrade)"});
}

TEST_CASE("revisions handed out before are not handed out again", "[plan]") {
  Fixture f;
  f.observed.revision_floor = 7;
  CHECK(f.make().revision == 8);
}

TEST_CASE("a host port held by another service of the environment blocks the plan", "[plan]") {
  Fixture f;
  // The port the gateway wants is still published by a service leaving the manifest.
  state::ObservedContainer legacy = matching(f.manifest, "gateway", 1);
  legacy.service = "legacy";
  legacy.name = "dev_legacy_r1";
  f.observed.containers = {matching(f.manifest, "config", 1), legacy};
  plan::Plan plan = f.make();

  REQUIRE(plan.blockers.size() == 1);
  CHECK(plan.blockers[0].find("gateway: host port 127.0.0.1:18080:80/tcp is held by "
                              "dev_legacy_r1 of service legacy") == 0);
}

TEST_CASE("a paused container still holds its port, so its update is stop-first", "[plan]") {
  Fixture f;
  state::ObservedContainer paused = matching(f.manifest, "gateway", 1);
  paused.state = "paused";
  f.observed.containers = {matching(f.manifest, "config", 1), paused};
  plan::Plan plan = f.make();
  const plan::Action& action = *plan.find("gateway");

  CHECK(action.kind == ActionKind::kUpdate);
  CHECK(action.strategy == plan::Strategy::kStopFirst);
  CHECK(plan.blockers.empty());
}

TEST_CASE("more replicas of an unchanged service are added beside the running ones", "[plan]") {
  Fixture f;
  f.manifest.services[0].replicas = 3;  // config, from 2
  f.manifest.services[0].update.parallelism = 2;
  std::vector<state::ObservedContainer> replicas;
  add_replicas(f, "config", 4, {1, 2});
  // A replica of that revision that exited: its number is not handed out again.
  state::ObservedContainer exited = f.observed.containers.back();
  exited.name = "dev_config_r4_5";
  exited.id = "exited";
  exited.replica = 5;
  exited.state = "exited";
  f.observed.containers.push_back(exited);
  f.observed.containers.push_back(matching(f.manifest, "gateway", 4));
  plan::Plan plan = f.make();
  const plan::Action& action = *plan.find("config");

  CHECK(action.kind == ActionKind::kScale);
  CHECK(action.reasons ==
        std::vector<std::string>{"replicas 2 -> 3", "container dev_config_r4_5 is not running"});
  CHECK(action.replicas_before == 2);
  CHECK(action.new_containers() == 1);
  CHECK(action.batches() == 1);
  CHECK(action.revision == 4);
  CHECK(action.first_replica == 6);
  CHECK(action.retiring.empty());
  CHECK(plan.count(ActionKind::kScale) == 1);
  CHECK(plan.revision == 5);
}

TEST_CASE("fewer replicas of an unchanged service stop the highest numbers only", "[plan]") {
  Fixture f;
  f.manifest.services[0].replicas = 1;  // config, from 3
  add_replicas(f, "config", 4, {2, 3, 1});
  f.observed.containers.push_back(matching(f.manifest, "gateway", 4));
  plan::Plan plan = f.make();
  const plan::Action& action = *plan.find("config");

  CHECK(action.kind == ActionKind::kScale);
  CHECK(action.reasons == std::vector<std::string>{"replicas 3 -> 1"});
  CHECK(action.new_containers() == 0);
  REQUIRE(action.retiring.size() == 2);
  CHECK(action.retiring[0].name == "dev_config_r4_3");
  CHECK(action.retiring[1].name == "dev_config_r4_2");
}

TEST_CASE("a count change with a configuration change replaces every replica", "[plan]") {
  Fixture f;
  f.manifest.services[0].replicas = 2;
  f.observed.containers = {matching(f.manifest, "config", 4), matching(f.manifest, "gateway", 4)};
  f.manifest.services[0].version = "3";
  plan::Plan plan = f.make();
  const plan::Action& action = *plan.find("config");

  CHECK(action.kind == ActionKind::kUpdate);
  CHECK(action.new_containers() == 2);
  CHECK(action.retiring.empty());
}

TEST_CASE("replicas without their numbers are replaced, not scaled", "[plan]") {
  Fixture f;
  f.manifest.services[0].replicas = 2;
  f.observed.containers = {matching(f.manifest, "config", 4), matching(f.manifest, "gateway", 4)};
  plan::Plan plan = f.make();
  const plan::Action& action = *plan.find("config");

  CHECK(action.kind == ActionKind::kUpdate);
  CHECK(action.reasons == std::vector<std::string>{"replicas 1 -> 2"});
  CHECK(action.revision == plan.revision);
}

TEST_CASE("a scale up adds its replicas in batches no bigger than what it adds", "[plan]") {
  Fixture f;
  f.manifest.services[0].replicas = 3;
  f.manifest.services[0].update.parallelism = 3;
  add_replicas(f, "config", 4, {1, 2});
  f.observed.containers.push_back(matching(f.manifest, "gateway", 4));
  plan::Plan plan = f.make();
  const plan::Action& action = *plan.find("config");

  CHECK(action.kind == ActionKind::kScale);
  CHECK(action.parallelism == 1);
  CHECK(action.batches() == 1);
  CHECK(action.first_replica == 3);
}
