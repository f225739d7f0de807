#include <catch2/catch.hpp>

#include "graph/dependency_graph.hpp"
#include "manifest/loader.hpp"
#include "plan/plan.hpp"
#include "report/plan_view.hpp"

using namespace chora;

namespace {

plan::Plan plan_of_empty_environment() {
  manifest::Manifest manifest = manifest::parse_manifest(R"(release: r1
environment: dev
services:
  config:
    image: chora/config
    version: 1.0.0
  search:
    image: chora/search
    version: 1.0.0-rc1
    depends_on: [config]
)",
                                                         "release.yaml");
  graph::DependencyGraph graph = graph::DependencyGraph::build(manifest);
  return plan::make_plan(manifest, graph, state::ObservedState{"dev", {}, false});
}

}  // namespace

TEST_CASE("a plan reads wave by wave with actions, versions and reasons", "[report]") {
  CHECK(report::plan_to_text(plan_of_empty_environment()) ==
        "Plan for release r1 on environment dev (revision 1)\n"
        "  + network chora-dev (created first)\n"
        "\n"
        "Wave 1\n"
        "  + config  create     1.0.0      new service\n"
        "            gates: running; healthcheck (the image's, if it has one); within 1m\n"
        "\n"
        "Wave 2\n"
        "  + search  create     1.0.0-rc1  new service\n"
        "            gates: running; healthcheck (the image's, if it has one); readiness "
        "(config still healthy); within 1m\n"
        "\n"
        "2 to create, 0 to update, 0 unchanged, 0 to remove.\n");
}

TEST_CASE("a plan in JSON has the same facts under stable keys", "[report]") {
  nlohmann::json json = report::plan_to_json(plan_of_empty_environment());

  CHECK(json["has_changes"] == true);
  CHECK(json["network"]["create"] == true);
  CHECK(json["summary"]["create"] == 2);
  CHECK(json["waves"][1][0]["service"] == "search");
  CHECK(json["waves"][1][0]["action"] == "create");
  CHECK(json["blockers"].empty());
}

TEST_CASE("a plan shows replicas in batches and one-shot tasks, in text and JSON", "[report]") {
  manifest::Manifest manifest = manifest::parse_manifest(R"(release: r1
environment: dev
services:
  migrate:
    image: chora/migrate
    version: 1.0.0
    task: true
  api:
    image: chora/api
    version: 1.0.0
    replicas: 5
    update: { parallelism: 2 }
    depends_on: [migrate]
)",
                                                         "release.yaml");
  graph::DependencyGraph graph = graph::DependencyGraph::build(manifest);
  plan::Plan plan = plan::make_plan(manifest, graph, state::ObservedState{"dev", {}, false});

  std::string text = report::plan_to_text(plan);
  CHECK(text.find("create     1.0.0  new task\n             gates: exits 0 within 1m\n") !=
        std::string::npos);
  CHECK(text.find("new service; 5 replicas, 3 batches of 2\n") != std::string::npos);
  // The finished task has no health to keep: it is no part of api's readiness.
  CHECK(text.find("migrate still healthy") == std::string::npos);

  nlohmann::json json = report::plan_to_json(plan);
  const nlohmann::json& migrate = json["waves"][0][0];
  const nlohmann::json& api = json["waves"][1][0];
  CHECK(migrate["task"] == true);
  CHECK(api["task"] == false);
  CHECK(api["replicas"] == 5);
  CHECK(api["parallelism"] == 2);
  CHECK(api["batches"] == 3);
}

TEST_CASE("a plan shows what a scale adds or stops, and that the rest keeps serving", "[report]") {
  auto replica = [](const std::string& name) {
    plan::ContainerRef ref;
    ref.id = name + "-id";
    ref.name = name;
    ref.version = "1.0.0";
    ref.running = true;
    return ref;
  };
  plan::Plan plan;
  plan.release = "r2";
  plan.environment = "dev";
  plan.revision = 2;
  plan::Action up;
  up.service = "api";
  up.kind = plan::ActionKind::kScale;
  up.version = "1.0.0";
  up.reasons = {"replicas 2 -> 5"};
  up.replicas = 5;
  up.replicas_before = 2;
  up.parallelism = 2;
  up.gates = {"running"};
  up.current = {replica("dev_api_r1_1"), replica("dev_api_r1_2")};
  plan::Action down = up;
  down.service = "worker";
  down.reasons = {"replicas 2 -> 1"};
  down.replicas = 1;
  down.retiring = {replica("dev_worker_r1_2")};
  plan.waves = {{up, down}};

  CHECK(report::plan_to_text(plan) ==
        "Plan for release r2 on environment dev (revision 2)\n"
        "\n"
        "Wave 1\n"
        "  * api     scale      1.0.0  replicas 2 -> 5; adds 3 replicas in 2 batches of 2; the "
        "others keep serving\n"
        "            gates: running\n"
        "  * worker  scale      1.0.0  replicas 2 -> 1; stops dev_worker_r1_2; the others keep "
        "serving\n"
        "\n"
        "0 to create, 0 to update, 2 to scale, 0 unchanged, 0 to remove.\n");

  nlohmann::json json = report::plan_to_json(plan);
  CHECK(json["summary"]["scale"] == 2);
  CHECK(json["waves"][0][0]["replicas_before"] == 2);
  CHECK(json["waves"][0][0]["batches"] == 2);
  CHECK(json["waves"][0][1]["retiring"][0]["name"] == "dev_worker_r1_2");
}
