#include "manifest/loader.hpp"

#include <catch2/catch.hpp>

#include "unit/manifest/fixture_files.hpp"

using namespace chora::manifest;
using namespace std::chrono_literals;

namespace {

Manifest load_reference(const std::string& name) {
  return load_manifest((chora::test::source_dir() / "manifests" / name).string());
}

std::string where(const SourceLocation& location) {
  return std::to_string(location.line) + ":" + std::to_string(location.column);
}

}  // namespace

TEST_CASE("a full manifest fills every field", "[manifest]") {
  Manifest manifest = load_reference("full.yaml");
  CHECK(manifest.release == "ecosystem-2026.12");
  CHECK(manifest.environment == "staging");
  CHECK(manifest.trace_id == "CORD-2025-008");
  CHECK(manifest.network == "chora-staging-net");
  CHECK(manifest.labels == std::map<std::string, std::string>{{"cost-center", "4711"},
                                                              {"io.chora-deploy.test", "true"},
                                                              {"team", "search"}});
  CHECK(manifest.max_parallel == 2);
  CHECK(manifest.strict_waves);
  REQUIRE(manifest.secrets.size() == 2);
  CHECK(manifest.secrets.at("api-token").file == "/etc/chora/api-token");
  REQUIRE(manifest.services.size() == 4);

  const Service& indexer = manifest.services[1];
  CHECK(indexer.name == "chora-indexer");
  CHECK(indexer.image_ref() == "chora/indexer:2.1.0");
  CHECK(indexer.env == std::map<std::string, std::string>{
                           {"CONFIG_URL", "http://chora-config:7000"}, {"LOG_LEVEL", "info"}});
  REQUIRE(indexer.ports.size() == 1);
  CHECK(indexer.ports[0].to_string() == "127.0.0.1:8081:80/tcp");
  CHECK(indexer.command == std::vector<std::string>{"/bin/httpd", "-f", "-p", "80"});
  CHECK(indexer.depends_on == std::vector<std::string>{"chora-config"});
  CHECK(indexer.stop_timeout == 90s);
  REQUIRE(indexer.health.liveness.http);
  CHECK(indexer.health.liveness.http->port == 80);
  CHECK(indexer.health.liveness.http->path == "/health");
  CHECK(indexer.health.liveness.http->expect_status == 204);
  CHECK_FALSE(indexer.health.liveness.tcp);
  CHECK(indexer.health.timeout == 2min);
  CHECK(indexer.health.interval == 1s);
  CHECK(indexer.update.order == UpdateOrder::kStopFirst);
  REQUIRE(indexer.healthcheck);
  CHECK(indexer.healthcheck->test ==
        std::vector<std::string>{"CMD-SHELL", "wget -q -O- http://127.0.0.1/health || exit 1"});
  CHECK(indexer.healthcheck->interval == 10s);
  CHECK(indexer.healthcheck->timeout == 3s);
  CHECK(indexer.healthcheck->start_period == 20s);
  CHECK(indexer.healthcheck->retries == 5);
  CHECK(indexer.secrets == std::vector<std::string>{"db_password", "api-token"});
  REQUIRE(indexer.files.size() == 1);
  CHECK(indexer.files[0].target == "/etc/chora/indexer.yaml");

  const Service& warmup = manifest.services[2];
  CHECK(warmup.task);
  CHECK(warmup.health.timeout == 10min);

  const Service& worker = manifest.services[3];
  CHECK(worker.replicas == 4);
  CHECK(worker.update.parallelism == 2);
  CHECK(worker.update.order == UpdateOrder::kStartFirst);
  REQUIRE(worker.health.liveness.http);
  CHECK(worker.health.liveness.http->body == "ok");
  CHECK(worker.health.liveness.exec == std::vector<std::string>{"/bin/check", "--alive"});
  REQUIRE(worker.health.readiness.tcp);
  CHECK(worker.health.readiness.tcp->port == 81);
  CHECK(worker.health.smoke.exec == std::vector<std::string>{"/bin/check", "--smoke"});
  CHECK(worker.health.require ==
        std::vector<HealthLevel>{HealthLevel::kRunning, HealthLevel::kHealthcheck,
                                 HealthLevel::kLiveness, HealthLevel::kReadiness,
                                 HealthLevel::kSmoke});

  const Service& config = manifest.services[0];
  CHECK(config.image == "registry.example.com:5000/chora/config");
  REQUIRE(config.health.liveness.tcp);
  CHECK(config.health.liveness.tcp->port == 7000);
  CHECK(config.health.interval == 250ms);
}

TEST_CASE("a minimal manifest gets the documented defaults", "[manifest]") {
  Manifest manifest = load_reference("minimal.yaml");
  CHECK(manifest.network == "chora-dev");
  CHECK(manifest.trace_id.empty());
  CHECK(manifest.labels.empty());
  REQUIRE(manifest.services.size() == 1);

  const Service& web = manifest.services[0];
  CHECK(web.image_ref() == "chora/demo-service:1.0");
  CHECK(web.env.empty());
  CHECK(web.ports.empty());
  CHECK(web.command.empty());
  CHECK(web.depends_on.empty());
  CHECK(web.stop_timeout == 10s);
  CHECK_FALSE(web.health.liveness.http);
  CHECK_FALSE(web.health.liveness.tcp);
  CHECK(web.health.timeout == 60s);
  CHECK(web.health.interval == 500ms);
}

TEST_CASE("an http check defaults its path and expected status", "[manifest]") {
  Manifest manifest = parse_manifest(
      "release: r\nenvironment: e\nservices:\n"
      "  web:\n    image: web\n    version: '1'\n    health: { http: { port: 80 } }\n",
      "m.yaml");
  REQUIRE(manifest.services[0].health.liveness.http);
  CHECK(manifest.services[0].health.liveness.http->path == "/");
  CHECK(manifest.services[0].health.liveness.http->expect_status == 200);
}

TEST_CASE("numbers and booleans are kept as written", "[manifest]") {
  Manifest manifest = load_reference("env-and-command.yaml");
  const Service& worker = manifest.services[0];
  CHECK(worker.version == "2.10");
  CHECK(worker.env.at("RETRIES") == "3");
  CHECK(worker.env.at("RATIO") == "0.75");
  CHECK(worker.env.at("VERBOSE") == "true");
  CHECK(worker.env.at("EMPTY").empty());
}

TEST_CASE("services keep file order", "[manifest]") {
  Manifest manifest = load_reference("diamond.yaml");
  std::vector<std::string> names;
  for (const Service& service : manifest.services) names.push_back(service.name);
  CHECK(names == std::vector<std::string>{"gateway", "search", "indexer", "config"});
  CHECK(manifest.find("search")->depends_on == std::vector<std::string>{"config"});
  CHECK(manifest.find("nothing") == nullptr);
}

TEST_CASE("the loader records where each field was written", "[manifest]") {
  Manifest manifest = load_reference("full.yaml");
  CHECK(where(manifest.locations.at("release")) == "3:10");
  CHECK(where(manifest.locations.at("services")) == "17:1");
  CHECK(where(manifest.locations.at("services.chora-indexer")) == "30:3");
  CHECK(where(manifest.locations.at("labels.team")) == "8:9");

  const Service& indexer = *manifest.find("chora-indexer");
  CHECK(indexer.locations.at("").file.find("manifests/full.yaml") != std::string::npos);
  CHECK(where(indexer.locations.at("")) == "30:3");
  CHECK(where(indexer.locations.at("image")) == "31:12");
  CHECK(where(indexer.locations.at("version")) == "32:14");
  CHECK(where(indexer.locations.at("env")) == "33:5");
  CHECK(where(indexer.locations.at("env.LOG_LEVEL")) == "33:23");
  CHECK(where(indexer.locations.at("ports[0]")) == "34:13");
  CHECK(where(indexer.locations.at("command[1]")) == "35:29");
  CHECK(where(indexer.locations.at("depends_on[0]")) == "36:18");
  CHECK(where(indexer.locations.at("stop_timeout")) == "37:19");
  CHECK(where(indexer.locations.at("health")) == "38:5");
  CHECK(where(indexer.locations.at("health.http")) == "39:7");
  CHECK(where(indexer.locations.at("health.http.port")) == "39:21");
  CHECK(where(indexer.locations.at("health.timeout")) == "40:16");
  CHECK(where(indexer.location_of("not-a-field")) == "30:3");
}

TEST_CASE("load_manifest keeps the path as given and the whole text", "[manifest]") {
  std::string path = (chora::test::source_dir() / "manifests" / "minimal.yaml").string();
  Manifest manifest = load_manifest(path);
  CHECK(manifest.path == path);
  CHECK(manifest.source == chora::test::read_text(path));
}

TEST_CASE("a manifest that cannot be read is an I/O error", "[manifest]") {
  try {
    load_manifest("no/such/manifest.yaml");
    FAIL("expected an error");
  } catch (const chora::Error& error) {
    CHECK(error.kind() == chora::ErrorKind::kIo);
    CHECK(std::string(error.what()) ==
          "reading manifest 'no/such/manifest.yaml': No such file or directory");
  }
}

TEST_CASE("an invalid manifest is a ManifestError of kind invalid-manifest", "[manifest]") {
  try {
    parse_manifest("release: r\n", "m.yaml");
    FAIL("expected an error");
  } catch (const ManifestError& error) {
    CHECK(error.kind() == chora::ErrorKind::kInvalidManifest);
    CHECK(std::string(error.what()) == "m.yaml: 2 problems in the manifest");
    REQUIRE(error.diagnostics().size() == 2);
    CHECK(error.diagnostics()[0].field_path.empty());
    CHECK(error.diagnostics()[0].message == "missing required field 'environment'");
    CHECK(error.diagnostics()[1].message == "missing required field 'services'");
  }
}
