#include <catch2/catch.hpp>

#include "manifest/loader.hpp"
#include "unit/manifest/fixture_files.hpp"
#include "unit/manifest/manifest_text.hpp"

using namespace chora::manifest;
using namespace std::chrono_literals;
using chora::test::first_lines;
using chora::test::hints;
using chora::test::where;
using chora::test::with_service;

namespace {

HealthSpec health_of(const std::string& health) {
  return parse_manifest(with_service("    health:\n" + health), "m.yaml").services[0].health;
}

using Levels = std::vector<HealthLevel>;

}  // namespace

TEST_CASE("liveness, readiness and smoke are read with every kind of check", "[manifest]") {
  Manifest manifest =
      load_manifest((chora::test::source_dir() / "manifests" / "health-levels.yaml").string());
  const HealthSpec& health = manifest.services[0].health;

  REQUIRE(health.liveness.tcp);
  CHECK(health.liveness.tcp->port == 9200);
  CHECK_FALSE(health.liveness.http);
  CHECK(health.readiness.exec == std::vector<std::string>{"sh", "-c", "test -f /tmp/ready"});
  REQUIRE(health.smoke.http);
  CHECK(health.smoke.http->path == "/search?q=probe");
  CHECK(health.smoke.http->expect_status == 200);
  CHECK(health.smoke.http->body == "results");
  CHECK(health.require == Levels{HealthLevel::kRunning, HealthLevel::kLiveness,
                                 HealthLevel::kReadiness, HealthLevel::kSmoke});
  CHECK(health.stable_for == 2s);
}

TEST_CASE("health.http and health.tcp are the liveness checks, and combine with it", "[manifest]") {
  HealthSpec health =
      health_of("      http: { port: 80 }\n      liveness: { tcp: { port: 81 } }\n");
  REQUIRE(health.liveness.http);
  CHECK(health.liveness.http->body.empty());
  REQUIRE(health.liveness.tcp);
  CHECK(health.liveness.tcp->port == 81);
  CHECK(health.readiness.empty());
  CHECK(health.smoke.empty());
  CHECK(health.require.empty());
}

TEST_CASE("a liveness check written both short and long is refused", "[manifest]") {
  std::string text =
      with_service("    health:\n      tcp: { port: 80 }\n      liveness: { tcp: { port: 80 } }\n");
  CHECK(first_lines(text) ==
        "m.yaml:9:19: error: services.a.health.liveness.tcp: the liveness TCP check is already "
        "set by health.tcp (line 8)\n");
  CHECK(hints(text) == "hint: 'health.tcp' is short for 'health.liveness.tcp'; write it once\n");
}

TEST_CASE("require keeps the levels in their order, running always first", "[manifest]") {
  CHECK(health_of("      smoke: { exec: [x] }\n      http: { port: 80 }\n"
                  "      require: [smoke, liveness]\n")
            .require == Levels{HealthLevel::kRunning, HealthLevel::kLiveness, HealthLevel::kSmoke});
  CHECK(health_of("      require: [running]\n").require == Levels{HealthLevel::kRunning});
  CHECK(health_of("      require: []\n").require == Levels{HealthLevel::kRunning});
  CHECK(health_of("      timeout: 5s\n").require.empty());
}

TEST_CASE("healthcheck may be required without a healthcheck in the manifest", "[manifest]") {
  CHECK(health_of("      require: [healthcheck]\n").require ==
        Levels{HealthLevel::kRunning, HealthLevel::kHealthcheck});
}

TEST_CASE("a required level needs a check", "[manifest]") {
  CHECK(first_lines(with_service("    health: { require: [readiness] }\n")) ==
        "m.yaml:7:25: error: services.a.health.require[0]: readiness is required but "
        "health.readiness sets no check\n");
  CHECK(hints(with_service("    health: { require: [readiness] }\n")) ==
        "hint: add a check under health.readiness, such as 'http: { port: 80, path: /ready }', "
        "or take 'readiness' out of require\n");
  CHECK(
      first_lines(with_service("    health: { tcp: { port: 1 }, require: [liveness] }\n")).empty());
  // A level written but refused is reported once, as itself.
  CHECK(first_lines(with_service("    health: { smoke: {}, require: [smoke] }\n")) ==
        "m.yaml:7:15: error: services.a.health.smoke: a probe needs http, tcp or exec\n");
}

TEST_CASE("require refuses unknown levels and levels listed twice", "[manifest]") {
  std::string text = with_service(
      "    health: { http: { port: 1 }, require: [live, liveness, "
      "liveness] }\n");
  CHECK(first_lines(text) ==
        "m.yaml:7:44: error: services.a.health.require[0]: unknown health level 'live'\n"
        "m.yaml:7:60: error: services.a.health.require[2]: duplicate level 'liveness' (first "
        "at line 7)\n");
  CHECK(hints(with_service("    health: { require: [ready] }\n")) ==
        "hint: expected one of: running, healthcheck, liveness, readiness, smoke\n");
  CHECK(hints(with_service("    health: { require: [smok] }\n")) ==
        "hint: did you mean 'smoke'?\n");
  CHECK(first_lines(with_service("    health: { require: smoke }\n")) ==
        "m.yaml:7:24: error: services.a.health.require: expected a list, found a string\n");
}

TEST_CASE("a probe needs at least one check", "[manifest]") {
  for (const char* probe : {"readiness: {}", "readiness:"}) {
    INFO(probe);
    std::string text = with_service("    health:\n      " + std::string(probe) + "\n");
    CHECK(first_lines(text) ==
          "m.yaml:8:7: error: services.a.health.readiness: a probe needs http, tcp or exec\n");
    CHECK(hints(text) ==
          "hint: add a check, such as 'http: { port: 80, path: /health }' or 'exec: "
          "[\"/bin/check\"]', or leave 'readiness' out\n");
  }
  // An unknown key is reported as such, not as an empty probe.
  CHECK(first_lines(with_service("    health: { smoke: { exe: [x] } }\n")) ==
        "m.yaml:7:24: error: services.a.health.smoke.exe: unknown key 'exe'\n");
}

TEST_CASE("exec is a non-empty list of strings", "[manifest]") {
  std::string text = with_service("    health: { readiness: { exec: 'test -f /ready' } }\n");
  CHECK(first_lines(text) ==
        "m.yaml:7:34: error: services.a.health.readiness.exec: expected a list, found a "
        "string\n");
  CHECK(hints(text) ==
        "hint: write a list, e.g. exec: [\"sh\", \"-c\", \"wget -q -O- "
        "http://127.0.0.1/ready\"]\n");
  CHECK(first_lines(with_service("    health: { readiness: { exec: [] } }\n")) ==
        "m.yaml:7:28: error: services.a.health.readiness.exec: the exec command is empty\n");
  CHECK(first_lines(with_service("    health: { readiness: { exec: [[x]] } }\n")) ==
        "m.yaml:7:35: error: services.a.health.readiness.exec[0]: expected a string, found a "
        "list\n");
}

TEST_CASE("the checks of every level are validated like health.http", "[manifest]") {
  CHECK(first_lines(with_service("    health: { smoke: { http: { port: 0, path: x, bdy: y } } "
                                 "}\n")) ==
        "m.yaml:7:38: error: services.a.health.smoke.http.port: expected a port number from 1 "
        "to 65535, found 0\n"
        "m.yaml:7:47: error: services.a.health.smoke.http.path: HTTP path 'x' does not start "
        "with '/'\n"
        "m.yaml:7:50: error: services.a.health.smoke.http.bdy: unknown key 'bdy'\n");
  CHECK(first_lines(with_service("    health: { readiness: { tcp: {} } }\n")) ==
        "m.yaml:7:28: error: services.a.health.readiness.tcp: missing required field 'port'\n");
}

TEST_CASE("the loader records where each health level was written", "[manifest]") {
  Manifest manifest =
      load_manifest((chora::test::source_dir() / "manifests" / "full.yaml").string());
  const Service& worker = *manifest.find("chora-worker");
  CHECK(where(worker.locations.at("health.liveness")) == "72:7");
  CHECK(where(worker.locations.at("health.liveness.http.body")) == "73:46");
  CHECK(where(worker.locations.at("health.liveness.exec")) == "74:9");
  CHECK(where(worker.locations.at("health.liveness.exec[1]")) == "74:30");
  CHECK(where(worker.locations.at("health.readiness.tcp.port")) == "76:22");
  CHECK(where(worker.locations.at("health.smoke.exec")) == "78:9");
  CHECK(where(worker.locations.at("health.require")) == "79:7");
  CHECK(where(worker.locations.at("health.require[1]")) == "79:30");
}

TEST_CASE("readiness may be required without a check of its own when there are dependencies",
          "[manifest]") {
  std::string text = chora::test::kHeader +
                     "services:\n"
                     "  db:\n    image: x/db\n    version: '1'\n"
                     "  api:\n    image: x/api\n    version: '1'\n    depends_on: [db]\n"
                     "    health: { require: [running, readiness] }\n";
  CHECK(chora::test::problems(text).empty());

  std::string alone = chora::test::kHeader +
                      "services:\n"
                      "  api:\n    image: x/api\n    version: '1'\n"
                      "    health: { require: [running, readiness] }\n";
  CHECK(chora::test::problems(alone).find("readiness is required but health.readiness sets no "
                                          "check") != std::string::npos);
}
