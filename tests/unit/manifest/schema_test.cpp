#include <memory>
#include <regex>
#include <set>

#include <catch2/catch.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "manifest/loader.hpp"
#include "manifest/names.hpp"
#include "manifest/ports.hpp"
#include "manifest/yaml_to_json.hpp"
#include "unit/manifest/fixture_files.hpp"
#include "util/duration.hpp"

using namespace chora::manifest;
using chora::test::read_text;
using chora::test::relative_name;
using chora::test::yaml_files;
using nlohmann::json;

namespace {

// Invalid fixtures whose problem a JSON Schema cannot state, so the schema accepts them:
// the conversion to JSON keeps one of two equal keys, and relations between values
// (references, shared host ports, interval against timeout, parallelism against replicas)
// are beyond patterns.
const std::set<std::string> kBeyondSchema = {
    "duplicate-host-port.yaml",    "duplicate-key.yaml",
    "duplicate-service.yaml",      "interval-not-shorter.yaml",
    "self-dependency.yaml",        "unknown-dependency.yaml",
    "durations-out-of-range.yaml", "parallelism-over-replicas.yaml",
    "dependency-cycle.yaml",
};

// Not YAML at all: there is nothing to give the schema.
const std::set<std::string> kNotYaml = {"yaml-syntax-error.yaml"};

const json& schema_json() {
  static const json document = json::parse(
      read_text(chora::test::source_dir() / "schemas" / "release-manifest.schema.json"));
  return document;
}

// valijson's Schema cannot be copied or moved, so it is built in place once.
const valijson::Schema& schema() {
  static const auto parsed = [] {
    auto result = std::make_unique<valijson::Schema>();
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(schema_json());
    parser.populateSchema(adapter, *result);
    return result;
  }();
  return *parsed;
}

// "" when `document` satisfies the schema, else the schema's first complaint.
std::string schema_errors(const json& document) {
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(document);
  if (validator.validate(schema(), target, &results)) return "";

  valijson::ValidationResults::Error error;
  results.popError(error);
  std::string where;
  for (const std::string& step : error.context) where += step;
  return where + ": " + error.description;
}

std::string pattern_at(const json::json_pointer& pointer) {
  return schema_json().at(pointer).get<std::string>();
}

bool matches(const std::string& pattern, const std::string& text) {
  return std::regex_search(text, std::regex(pattern));
}

}  // namespace

TEST_CASE("every reference manifest satisfies the JSON Schema", "[manifest]") {
  for (const auto& file : yaml_files("manifests")) {
    INFO(relative_name(file));
    CHECK(schema_errors(yaml_to_json(read_text(file))) == "");
  }
}

TEST_CASE("the JSON Schema refuses every invalid manifest it can express", "[manifest]") {
  for (const auto& file : yaml_files("manifests/invalid")) {
    std::string name = file.filename().string();
    INFO(name);
    if (kNotYaml.count(name) > 0) {
      CHECK_THROWS_AS(yaml_to_json(read_text(file)), chora::Error);
      continue;
    }
    // Both ways, so that the list above stays true as the schema and fixtures change.
    bool expressible = kBeyondSchema.count(name) == 0;
    CHECK((schema_errors(yaml_to_json(read_text(file))) != "") == expressible);
  }
}

TEST_CASE("the JSON Schema's name patterns agree with the loader", "[manifest]") {
  struct Rule {
    const char* pointer;
    bool (*loader)(std::string_view);
  };
  const Rule rules[] = {
      {"/properties/release/pattern", is_valid_release_name},
      {"/properties/environment/pattern", is_valid_environment_name},
      {"/properties/network/pattern", is_valid_network_name},
      {"/properties/services/propertyNames/pattern", is_valid_service_name},
      {"/definitions/service/properties/image/pattern", is_valid_image_repository},
      {"/definitions/service/properties/version/pattern", is_valid_image_tag},
      {"/definitions/service/properties/env/propertyNames/pattern", is_valid_env_name},
      {"/properties/secrets/propertyNames/pattern", is_valid_secret_name},
  };
  const char* samples[] = {"a",
                           "A",
                           "0",
                           "_a",
                           ".a",
                           "-a",
                           "a-",
                           "a_b",
                           "a.b",
                           "a..b",
                           "a__b",
                           "a--b",
                           "a/b",
                           "a//b",
                           "/a",
                           "a/",
                           "A/b",
                           "a/B",
                           "reg.io/a",
                           "reg.io:5000/a/b",
                           "reg:port/a",
                           "-reg/a",
                           "reg-/a",
                           "a:1",
                           "a@b",
                           "a b",
                           "chora-indexer",
                           "LOG_LEVEL",
                           "2.1.0",
                           "1e5",
                           "x/y/z",
                           "localhost:5000/app",
                           "a.b_c/d__e",
                           "ecosystem-2026.12",
                           "Staging",
                           "é"};

  for (const Rule& rule : rules) {
    std::string pattern = pattern_at(json::json_pointer(rule.pointer));
    for (const char* sample : samples) {
      INFO(rule.pointer << " on '" << sample << "'");
      CHECK(matches(pattern, sample) == rule.loader(sample));
    }
  }
}

TEST_CASE("the JSON Schema's port and duration patterns agree with the loader", "[manifest]") {
  std::string port = pattern_at("/definitions/service/properties/ports/items/pattern"_json_pointer);
  for (const char* sample : {"80:80", "1:65535", "0:80", "65536:80", "080:80", "8080:80/udp",
                             "8080:80/TCP", "80", "127.0.0.1:80:80", "256.0.0.1:80:80",
                             "01.0.0.1:80:80", "0.0.0.0:1:1/tcp", ":80:80", "a:80"}) {
    INFO(sample);
    PortError error;
    CHECK(matches(port, sample) == parse_port_mapping(sample, &error).has_value());
  }

  std::string duration =
      pattern_at("/definitions/service/properties/stop_timeout/pattern"_json_pointer);
  for (const char* sample : {"500ms", "1m30s", "2h", "0s", "30", "1.5s", "1d", "s", "5ms1h"}) {
    INFO(sample);
    CHECK(matches(duration, sample) == chora::parse_duration(sample).has_value());
  }
}

TEST_CASE("the JSON Schema's file target and Docker duration patterns agree with the loader",
          "[manifest]") {
  std::string target = pattern_at(
      "/definitions/service/properties/files/items/properties/target/pattern"_json_pointer);
  for (const char* sample : {"/a",        "/etc/chora/app.yaml",
                             "/etc//a/",  "/./a",
                             "/.a",       "/a..b",
                             "/...",      "/.../..",
                             "/./.",      "",
                             "/",         "//",
                             "/.",        "a",
                             "./a",       "/..",
                             "/a/..",     "/a/../b",
                             "/a/./../b", "../a"}) {
    INFO(sample);
    CHECK(matches(target, sample) == is_valid_mount_target(sample));
  }

  std::string docker = pattern_at("/definitions/docker_duration/pattern"_json_pointer);
  for (const char* sample : {"1ms", "0s", "0ms", "00s", "0m1ms", "30s", "1m30s", "1.5s", "30"}) {
    INFO(sample);
    auto duration = chora::parse_duration(sample);
    CHECK(matches(docker, sample) == (duration && duration->count() >= 1));
  }
}

TEST_CASE("the JSON Schema and the loader agree on the rules between fields", "[manifest]") {
  // Each line is the rest of a service `a`, which the loader and the schema must both
  // accept or both refuse.
  const char* services[] = {
      "task: true, health: { timeout: 1m }",
      "task: true, update: { parallelism: 1 }",
      "task: true, replicas: 2",
      "task: true, health: { tcp: { port: 1 } }",
      "task: true, health: { require: [running] }",
      "task: false, replicas: 2",
      "replicas: 2, ports: ['80:80']",
      "replicas: 2, ports: []",
      "update: { order: start-first }, ports: ['80:80']",
      "update: { order: stop-first }, ports: ['80:80']",
      "update: { parallelism: 1 }, ports: ['80:80']",
      "healthcheck: { test: 'curl -f http://x/' }",
      "healthcheck: { test: [CMD, curl, -f] }",
      "healthcheck: { test: [CMD-SHELL, 'curl -f http://x/'] }",
      "healthcheck: { test: [NONE] }",
      "healthcheck: { test: [CMD] }",
      "healthcheck: { test: [CMD-SHELL, a, b] }",
      "healthcheck: { test: [NONE, a] }",
      "healthcheck: { test: [cmd, a] }",
      "healthcheck: { test: [] }",
      "healthcheck: { test: '' }",
      "healthcheck: { test: [NONE] }, health: { require: [healthcheck] }",
      "healthcheck: { test: [CMD, a] }, health: { require: [healthcheck] }",
      "health: { require: [healthcheck] }",
      "health: { require: [smoke] }",
      "health: { require: [smoke], smoke: { exec: [a] } }",
      "health: { require: [readiness], readiness: { tcp: { port: 1 } } }",
      "health: { require: [liveness] }",
      "health: { require: [liveness], http: { port: 1 } }",
      "health: { require: [liveness], liveness: { exec: [a] } }",
      "health: { require: [running, running] }",
      "health: { http: { port: 1 }, liveness: { http: { port: 2 } } }",
      "health: { http: { port: 1 }, liveness: { tcp: { port: 2 } } }",
      "health: { smoke: {} }",
      "health: { smoke: { exec: [] } }",
      "health: { smoke: { http: { port: 1, body: ok } } }",
      "secrets: [s, s]",
      "files: [{ source: a, target: /a }]",
      "files: [{ source: '~/a', target: /a }]",
      "files: [{ source: a }]",
  };
  for (const char* service : services) {
    INFO(service);
    std::string text =
        "release: r\nenvironment: e\nsecrets: { s: { file: s } }\n"
        "services:\n  a: { image: a, version: '1', " +
        std::string(service) + " }\n";
    bool loads = true;
    try {
      chora::manifest::parse_manifest(text, "m.yaml");
    } catch (const chora::manifest::ManifestError&) {
      loads = false;
    }
    CHECK(schema_errors(yaml_to_json(text)).empty() == loads);
  }
}
