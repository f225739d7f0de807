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

using Test = std::vector<std::string>;

// The healthcheck of a service with `healthcheck: <text>`.
Healthcheck healthcheck_of(const std::string& text) {
  Manifest manifest = parse_manifest(with_service("    healthcheck: " + text + "\n"), "m.yaml");
  REQUIRE(manifest.services[0].healthcheck);
  return *manifest.services[0].healthcheck;
}

std::string healthcheck_problems(const std::string& text) {
  return first_lines(with_service("    healthcheck: " + text + "\n"));
}

}  // namespace

TEST_CASE("a healthcheck is read with its test, durations and retries", "[manifest]") {
  Manifest manifest =
      load_manifest((chora::test::source_dir() / "manifests" / "healthcheck.yaml").string());
  const Healthcheck& web = *manifest.services[0].healthcheck;
  CHECK(web.test == Test{"CMD", "wget", "-q", "-O", "-", "http://127.0.0.1/health"});
  CHECK(web.interval == 1s);
  CHECK(web.timeout == 2s);
  CHECK(web.start_period == 5s);
  CHECK(web.retries == 3);

  // Left out, Docker's (or the image's) values apply.
  const Healthcheck& cache = *manifest.services[1].healthcheck;
  CHECK(cache.test == Test{"NONE"});
  CHECK_FALSE(cache.interval);
  CHECK_FALSE(cache.timeout);
  CHECK_FALSE(cache.start_period);
  CHECK_FALSE(cache.retries);
}

TEST_CASE("a healthcheck test given as one string runs in the shell", "[manifest]") {
  CHECK(healthcheck_of("{ test: 'wget -q -O- http://x/ || exit 1' }").test ==
        Test{"CMD-SHELL", "wget -q -O- http://x/ || exit 1"});
  CHECK(healthcheck_of("{ test: [CMD-SHELL, 'pg_isready'] }").test ==
        Test{"CMD-SHELL", "pg_isready"});
  CHECK(healthcheck_of("{ test: [CMD, /bin/ok] }").test == Test{"CMD", "/bin/ok"});
}

TEST_CASE("a healthcheck test must have one of Docker's shapes", "[manifest]") {
  CHECK(healthcheck_problems("{ test: [] }") ==
        "m.yaml:7:20: error: services.a.healthcheck.test: the healthcheck test is empty\n");
  CHECK(healthcheck_problems("{ test: '' }") ==
        "m.yaml:7:26: error: services.a.healthcheck.test: the healthcheck test is empty\n");
  CHECK(healthcheck_problems("{ test: [CMD] }") ==
        "m.yaml:7:20: error: services.a.healthcheck.test: CMD needs the program to run after "
        "it\n");
  CHECK(healthcheck_problems("{ test: [CMD-SHELL] }") ==
        "m.yaml:7:20: error: services.a.healthcheck.test: CMD-SHELL takes one command line "
        "after it, found none\n");
  CHECK(healthcheck_problems("{ test: [CMD-SHELL, a, b] }") ==
        "m.yaml:7:20: error: services.a.healthcheck.test: CMD-SHELL takes one command line "
        "after it, found 2\n");
  CHECK(healthcheck_problems("{ test: [NONE, x] }") ==
        "m.yaml:7:20: error: services.a.healthcheck.test: NONE takes nothing after it\n");
  CHECK(healthcheck_problems("{ test: [curl, x] }") ==
        "m.yaml:7:27: error: services.a.healthcheck.test[0]: a healthcheck test starts with "
        "CMD, CMD-SHELL or NONE, found 'curl'\n");
  CHECK(hints(with_service("    healthcheck: { test: [none] }\n")) ==
        "hint: write 'NONE' in capitals\n");
}

TEST_CASE("a healthcheck needs a test", "[manifest]") {
  CHECK(healthcheck_problems("{ interval: 5s }") ==
        "m.yaml:7:5: error: services.a.healthcheck: missing required field 'test'\n");
  CHECK(healthcheck_problems("") ==
        "m.yaml:7:5: error: services.a.healthcheck: missing required field 'test'\n");
  CHECK(healthcheck_problems("{ tets: [NONE] }") ==
        "m.yaml:7:20: error: services.a.healthcheck.tets: unknown key 'tets'\n");
}

TEST_CASE("healthcheck durations are at least 1ms, retries 0 to 100", "[manifest]") {
  Healthcheck shortest = healthcheck_of("{ test: [NONE], interval: 1ms, retries: 0 }");
  CHECK(shortest.interval == 1ms);
  CHECK(shortest.retries == 0);

  CHECK(healthcheck_problems("{ test: [NONE], start_period: 0s }") ==
        "m.yaml:7:48: error: services.a.healthcheck.start_period: start_period 0s is shorter "
        "than Docker's minimum of 1ms\n");
  CHECK(hints(with_service("    healthcheck: { test: [NONE], timeout: 0s }\n")) ==
        "hint: Docker reads 0 as 'not set' and refuses anything shorter than 1ms; write at "
        "least 1ms, or leave 'timeout' out for the image's value or else Docker's 30s\n");
  CHECK(healthcheck_problems("{ test: [NONE], retries: -1 }") ==
        "m.yaml:7:43: error: services.a.healthcheck.retries: expected a number of retries from "
        "0 to 100, found -1\n");
}

TEST_CASE("a healthcheck gating the service must run before the health timeout", "[manifest]") {
  std::string slow = "    healthcheck: { test: [CMD, ok], interval: 30s }\n";
  CHECK(first_lines(with_service(slow + "    health: { timeout: 30s }\n")) ==
        "m.yaml:7:47: error: services.a.healthcheck.interval: healthcheck interval 30s is not "
        "shorter than the health timeout 30s\n");
  CHECK(first_lines(with_service(slow + "    health: { timeout: 31s }\n")).empty());
  // Not when the healthcheck does not gate the service, is off, or keeps Docker's interval.
  CHECK(first_lines(with_service(slow + "    health: { timeout: 5s, require: [running] }\n"))
            .empty());
  CHECK(first_lines(with_service("    healthcheck: { test: [NONE], interval: 1m }\n")).empty());
  CHECK(first_lines(with_service("    healthcheck: { test: [CMD, ok] }\n"
                                 "    health: { timeout: 5s }\n"))
            .empty());
}

TEST_CASE("a healthcheck turned off cannot be required", "[manifest]") {
  std::string text = with_service(
      "    healthcheck: { test: [NONE] }\n"
      "    health: { require: [healthcheck] }\n");
  CHECK(first_lines(text) ==
        "m.yaml:8:25: error: services.a.health.require[0]: healthcheck is required but "
        "healthcheck.test is NONE, which turns it off\n");
  CHECK(hints(text) ==
        "hint: take 'healthcheck' out of require, or give the healthcheck a command to run\n");
}

TEST_CASE("the loader records where the healthcheck was written", "[manifest]") {
  Manifest manifest =
      load_manifest((chora::test::source_dir() / "manifests" / "healthcheck.yaml").string());
  const Service& web = manifest.services[0];
  CHECK(where(web.locations.at("healthcheck")) == "10:5");
  CHECK(where(web.locations.at("healthcheck.test")) == "11:7");
  CHECK(where(web.locations.at("healthcheck.test[1]")) == "11:21");
  CHECK(where(web.locations.at("healthcheck.interval")) == "12:17");
  CHECK(where(web.locations.at("healthcheck.retries")) == "15:16");
}
