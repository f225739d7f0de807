#include <catch2/catch.hpp>

#include "manifest/loader.hpp"
#include "unit/manifest/fixture_files.hpp"
#include "unit/manifest/manifest_text.hpp"

using namespace chora::manifest;
using namespace std::chrono_literals;
using chora::test::first_lines;
using chora::test::hints;
using chora::test::kHeader;
using chora::test::where;
using chora::test::with_service;

namespace {

Manifest load_reference(const std::string& name) {
  return load_manifest((chora::test::source_dir() / "manifests" / name).string());
}

Manifest parse(const std::string& text) {
  return parse_manifest(text, "m.yaml");
}

}  // namespace

TEST_CASE("replicas and their update are read from the manifest", "[manifest]") {
  const Service& worker = load_reference("replicas.yaml").services[0];
  CHECK(worker.replicas == 3);
  CHECK(worker.update.parallelism == 1);
  CHECK(worker.update.order == UpdateOrder::kStartFirst);
  CHECK_FALSE(worker.task);
}

TEST_CASE("a service without replicas, update or task gets the defaults", "[manifest]") {
  const Service& web = load_reference("minimal.yaml").services[0];
  CHECK(web.replicas == 1);
  CHECK(web.update.parallelism == 1);
  CHECK(web.update.order == UpdateOrder::kAuto);
  CHECK_FALSE(web.task);
  CHECK(web.secrets.empty());
  CHECK(web.files.empty());
  CHECK_FALSE(web.healthcheck);
}

TEST_CASE("stop-first is read, and either order may be given without ports", "[manifest]") {
  CHECK(parse(with_service("    update: { order: stop-first }\n")).services[0].update.order ==
        UpdateOrder::kStopFirst);
  CHECK(parse(with_service("    update:\n")).services[0].update.order == UpdateOrder::kAuto);
}

TEST_CASE("replicas outside 1..100 are refused", "[manifest]") {
  CHECK(first_lines(with_service("    replicas: 0\n")) ==
        "m.yaml:7:15: error: services.a.replicas: expected a number of replicas from 1 to 100, "
        "found 0\n");
  CHECK(first_lines(with_service("    replicas: 101\n")) ==
        "m.yaml:7:15: error: services.a.replicas: expected a number of replicas from 1 to 100, "
        "found 101\n");
  CHECK(first_lines(with_service("    replicas: 100\n")).empty());
}

TEST_CASE("replicas cannot share a published host port", "[manifest]") {
  std::string text = with_service("    ports: ['8080:80', '8081:81']\n    replicas: 2\n");
  CHECK(first_lines(text) ==
        "m.yaml:8:15: error: services.a.replicas: 2 replicas cannot all publish host port "
        "8080/tcp\n");
  CHECK(hints(text) ==
        "hint: a host port can be bound by one container only: publish it from a service with "
        "one replica, or put a proxy in front that reaches the replicas on the release "
        "network\n");
  CHECK(first_lines(with_service("    ports: ['8080:80']\n    replicas: 1\n")).empty());
}

TEST_CASE("start-first is refused with a host port, stop-first and auto are not", "[manifest]") {
  CHECK(first_lines(with_service("    ports: ['8080:80']\n    update: { order: start-first }\n")) ==
        "m.yaml:8:22: error: services.a.update.order: start-first cannot work with host port "
        "8080/tcp: the new container would need it while the old one still holds it\n");
  CHECK(first_lines(with_service("    ports: ['8080:80']\n    update: { order: stop-first }\n"))
            .empty());
  CHECK(first_lines(with_service("    ports: ['8080:80']\n    update: { parallelism: 1 }\n"))
            .empty());
}

TEST_CASE("parallelism may not exceed the replicas, written or the default one", "[manifest]") {
  CHECK(first_lines(with_service("    replicas: 4\n    update: { parallelism: 4 }\n")).empty());
  CHECK(first_lines(with_service("    replicas: 4\n    update: { parallelism: 5 }\n")) ==
        "m.yaml:8:28: error: services.a.update.parallelism: parallelism 5 is more than the "
        "service's 4 replicas\n");
  CHECK(first_lines(with_service("    update: { parallelism: 2 }\n")) ==
        "m.yaml:7:28: error: services.a.update.parallelism: parallelism 2 is more than the "
        "service's 1 replica\n");
}

TEST_CASE("parallelism is not compared with replicas that were refused", "[manifest]") {
  CHECK(first_lines(with_service("    replicas: many\n    update: { parallelism: 2 }\n")) ==
        "m.yaml:7:15: error: services.a.replicas: expected a number of replicas from 1 to 100, "
        "found a string\n");
}

TEST_CASE("an unknown update order suggests the closest one or lists both", "[manifest]") {
  CHECK(hints(with_service("    update: { order: stop_first }\n")) ==
        "hint: did you mean 'stop-first'?\n");
  CHECK(hints(with_service("    update: { order: rolling }\n")) ==
        "hint: write start-first or stop-first, or leave 'order' out to have it chosen "
        "automatically\n");
}

TEST_CASE("a task is read with its timeout", "[manifest]") {
  Manifest manifest = load_reference("task.yaml");
  const Service& migrate = manifest.services[0];
  CHECK(migrate.task);
  CHECK(migrate.health.timeout == 5min);
  CHECK_FALSE(manifest.services[1].task);
}

TEST_CASE("a task may set only its health timeout, one replica and no update", "[manifest]") {
  CHECK(first_lines(with_service("    task: true\n    replicas: 1\n    health: { timeout: 1m }\n"))
            .empty());
  CHECK(first_lines(
            with_service("    task: true\n    health: { stable_for: 1s, tcp: { port: 1 } }\n")) ==
        "m.yaml:8:27: error: services.a.health.stable_for: health.stable_for does not apply to "
        "a task\n"
        "m.yaml:8:31: error: services.a.health.tcp: health.tcp does not apply to a task\n");
  CHECK(first_lines(with_service("    task: true\n    health: { smoke: { exec: [x] } }\n")) ==
        "m.yaml:8:15: error: services.a.health.smoke: health.smoke does not apply to a task\n");
  CHECK(hints(with_service("    task: true\n    health: { liveness: { exec: [x] } }\n")) ==
        "hint: a task passes by exiting 0 within health.timeout; only 'timeout' may be set in "
        "its health\n");
}

TEST_CASE("a task refuses replicas and update, but not the rules meant for services",
          "[manifest]") {
  // Neither "replicas cannot share a port" nor "parallelism over replicas": the task
  // rule says what is wrong.
  CHECK(first_lines(with_service("    task: true\n    ports: ['80:80']\n    replicas: 2\n"
                                 "    update: { parallelism: 3 }\n")) ==
        "m.yaml:9:15: error: services.a.replicas: a task runs as one container, not 2 "
        "replicas\n"
        "m.yaml:10:5: error: services.a.update: update does not apply to a task\n");
}

TEST_CASE("task is a boolean, unquoted", "[manifest]") {
  CHECK(first_lines(with_service("    task: 'true'\n")) ==
        "m.yaml:7:11: error: services.a.task: expected true or false, found a string\n");
  CHECK(hints(with_service("    task: 'true'\n")) == "hint: write true or false without quotes\n");
  CHECK(hints(with_service("    task: on\n")) ==
        "hint: write true or false; 'on' is a string in YAML 1.2\n");
  CHECK(hints(with_service("    task: 1\n")).empty());
  CHECK_FALSE(parse(with_service("    task: false\n")).services[0].task);
  CHECK(parse(with_service("    task: True\n")).services[0].task);
}

TEST_CASE("the release-wide rollout settings are read", "[manifest]") {
  Manifest manifest = load_reference("rollout.yaml");
  CHECK(manifest.max_parallel == 2);
  CHECK(manifest.strict_waves);

  Manifest minimal = load_reference("minimal.yaml");
  CHECK(minimal.max_parallel == 0);
  CHECK_FALSE(minimal.strict_waves);
  CHECK(minimal.secrets.empty());
}

TEST_CASE("max_parallel is a whole number from 0, and strict_waves a boolean", "[manifest]") {
  std::string services = "services: { a: { image: a, version: '1' } }\n";
  CHECK(parse(kHeader + "rollout: { max_parallel: 0 }\n" + services).max_parallel == 0);
  CHECK(first_lines(kHeader + "rollout: { max_parallel: -1, strict_waves: 1 }\n" + services) ==
        "m.yaml:3:26: error: rollout.max_parallel: expected a number of services from 0 to "
        "1000, found -1\n"
        "m.yaml:3:44: error: rollout.strict_waves: expected true or false, found a number\n");
  CHECK(first_lines(kHeader + "rollout: { max_parallel: 1.5 }\n" + services) ==
        "m.yaml:3:26: error: rollout.max_parallel: expected a number of services from 0 to "
        "1000, found a number\n");
  CHECK(first_lines(kHeader + "rollout: { max_paralel: 2 }\n" + services) ==
        "m.yaml:3:12: error: rollout.max_paralel: unknown key 'max_paralel'\n");
  CHECK(hints(kHeader + "rollout: { max_paralel: 2 }\n" + services) ==
        "hint: did you mean 'max_parallel'?\n");
  CHECK(hints(kHeader + "rollout: { waves: strict }\n" + services) ==
        "hint: expected one of: max_parallel, strict_waves\n");
}

TEST_CASE("the loader records where replicas, update, task and rollout were written",
          "[manifest]") {
  Manifest manifest = load_reference("full.yaml");
  CHECK(where(manifest.locations.at("rollout")) == "11:1");
  CHECK(where(manifest.locations.at("rollout.max_parallel")) == "12:17");
  CHECK(where(manifest.locations.at("rollout.strict_waves")) == "13:17");

  const Service& worker = *manifest.find("chora-worker");
  CHECK(where(worker.locations.at("replicas")) == "67:15");
  CHECK(where(worker.locations.at("update")) == "68:5");
  CHECK(where(worker.locations.at("update.parallelism")) == "69:20");
  CHECK(where(worker.locations.at("update.order")) == "70:14");
  CHECK(where(manifest.find("chora-warmup")->locations.at("task")) == "60:11");
}
