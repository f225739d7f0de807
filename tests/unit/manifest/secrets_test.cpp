#include <filesystem>

#include <catch2/catch.hpp>

#include "manifest/loader.hpp"
#include "manifest/paths.hpp"
#include "unit/manifest/fixture_files.hpp"
#include "unit/manifest/manifest_text.hpp"

using namespace chora::manifest;
using chora::test::first_lines;
using chora::test::hints;
using chora::test::kHeader;
using chora::test::where;
using chora::test::with_service;
namespace fs = std::filesystem;

namespace {

const std::string kSecrets = "secrets:\n  db_password: { file: ./secrets/db }\n";

// A manifest with the top-level secrets above and one service `a` with `fields`.
std::string with_secrets(const std::string& fields) {
  return kHeader + kSecrets + "services:\n  a:\n    image: a\n    version: '1'\n" + fields;
}

std::string cwd() {
  return fs::current_path().lexically_normal().string();
}

}  // namespace

TEST_CASE("a secret's file is resolved against the manifest's directory", "[manifest]") {
  fs::path folder = chora::test::source_dir() / "manifests";
  Manifest manifest = load_manifest((folder / "secrets.yaml").string());
  REQUIRE(manifest.secrets.size() == 1);
  const Secret& secret = manifest.secrets.at("db_password");
  CHECK(secret.name == "db_password");
  CHECK(secret.file == (folder / "secrets" / "db_password").lexically_normal().string());

  const Service& api = manifest.services[0];
  CHECK(api.secrets == std::vector<std::string>{"db_password"});
  REQUIRE(api.files.size() == 1);
  CHECK(api.files[0].source == (folder / "conf" / "api.yaml").lexically_normal().string());
  CHECK(api.files[0].target == "/etc/chora/api.yaml");
}

TEST_CASE("a manifest path given relative counts from the working directory", "[manifest]") {
  Manifest manifest = parse_manifest(with_secrets(""), "deploy/../releases/m.yaml");
  CHECK(manifest.secrets.at("db_password").file == cwd() + "/releases/secrets/db");
  CHECK(parse_manifest(with_secrets(""), "m.yaml").secrets.at("db_password").file ==
        cwd() + "/secrets/db");
}

TEST_CASE("host paths are made absolute and normalised", "[manifest]") {
  fs::path directory = "/srv/release";
  CHECK(resolve_host_path(directory, "./a/../b/c") == "/srv/release/b/c");
  CHECK(resolve_host_path(directory, "../shared/x") == "/srv/shared/x");
  CHECK(resolve_host_path(directory, "/etc//chora/./x") == "/etc/chora/x");
  CHECK(manifest_directory("/srv/release/./m.yaml") == fs::path("/srv/release"));
  CHECK(manifest_directory("m.yaml") == fs::current_path().lexically_normal());
}

TEST_CASE("a secret needs a valid name and a file", "[manifest]") {
  std::string services = "services: { a: { image: a, version: '1' } }\n";
  CHECK(first_lines(kHeader + "secrets:\n  -x: { file: f }\n  y: {}\n  z: { file: '' }\n" +
                    services) ==
        "m.yaml:4:3: error: secrets.-x: invalid secret name '-x'\n"
        "m.yaml:5:3: error: secrets.y: missing required field 'file'\n"
        "m.yaml:6:14: error: secrets.z.file: the path is empty\n");
  CHECK(first_lines(kHeader + "secrets:\n  " + std::string(64, 's') + ": { file: f }\n" + services)
            .empty());
  CHECK(first_lines(kHeader + "secrets: { a: { file: '~/a' } }\n" + services) ==
        "m.yaml:3:23: error: secrets.a.file: path '~/a' starts with '~', which is not "
        "expanded\n");
}

TEST_CASE("a service's secrets must be declared, each once", "[manifest]") {
  CHECK(first_lines(with_secrets("    secrets: [db_password, db_pasword, other, other]\n")) ==
        "m.yaml:9:28: error: services.a.secrets[1]: unknown secret 'db_pasword'\n"
        "m.yaml:9:40: error: services.a.secrets[2]: unknown secret 'other'\n"
        "m.yaml:9:47: error: services.a.secrets[3]: duplicate secret 'other' (first at line "
        "9)\n");
  CHECK(hints(with_secrets("    secrets: [db_pasword, other]\n")) ==
        "hint: did you mean 'db_password'?\n"
        "hint: the secrets of this manifest are 'db_password'; declare others in the top-level "
        "'secrets' map\n");
  CHECK(hints(with_service("    secrets: [tls]\n")) ==
        "hint: declare it in the top-level 'secrets' map with the file that holds it, e.g. "
        "'secrets: { tls: { file: ./secrets/tls } }'\n");
  CHECK(first_lines(with_service("    secrets: tls\n")) ==
        "m.yaml:7:14: error: services.a.secrets: expected a list, found a string\n");
}

TEST_CASE("secrets declared after the services are found", "[manifest]") {
  std::string text = kHeader + "services: { a: { image: a, version: '1', secrets: [db] } }\n" +
                     "secrets: { db: { file: /run/db } }\n";
  CHECK(parse_manifest(text, "m.yaml").services[0].secrets == std::vector<std::string>{"db"});
}

TEST_CASE("a secrets section that is not a map does not make every reference unknown",
          "[manifest]") {
  CHECK(first_lines(kHeader + "secrets: [db]\n" +
                    "services: { a: { image: a, version: '1', secrets: [db] } }\n") ==
        "m.yaml:3:1: error: secrets: expected a map, found a list\n");
}

TEST_CASE("files are read with absolute sources and normalised targets", "[manifest]") {
  Manifest manifest = parse_manifest(
      with_service("    files:\n      - { source: conf/a.yaml, target: /etc/app//a.yaml }\n"
                   "      - source: /abs/b\n        target: /etc/app/b/\n"),
      "m.yaml");
  const std::vector<FileMount>& files = manifest.services[0].files;
  REQUIRE(files.size() == 2);
  CHECK(files[0].source == cwd() + "/conf/a.yaml");
  CHECK(files[0].target == "/etc/app/a.yaml");
  CHECK(files[1].source == "/abs/b");
  CHECK(files[1].target == "/etc/app/b");
}

TEST_CASE("file targets are absolute, without '..', and each used once", "[manifest]") {
  CHECK(first_lines(with_service("    files:\n"
                                 "      - { source: a, target: a }\n"
                                 "      - { source: a, target: / }\n"
                                 "      - { source: a, target: /x/../y }\n"
                                 "      - { source: a, target: /etc/a }\n"
                                 "      - { source: b, target: /etc/./a }\n")) ==
        "m.yaml:8:30: error: services.a.files[0].target: invalid target 'a'\n"
        "m.yaml:9:30: error: services.a.files[1].target: invalid target '/'\n"
        "m.yaml:10:30: error: services.a.files[2].target: invalid target '/x/../y'\n"
        "m.yaml:12:30: error: services.a.files[4].target: duplicate target '/etc/a' (first at "
        "line 11)\n");
}

TEST_CASE("a file item needs a source and a target, reported at the item", "[manifest]") {
  CHECK(first_lines(with_service("    files:\n      - { target: /a }\n      - source: b\n")) ==
        "m.yaml:8:9: error: services.a.files[0]: missing required field 'source'\n"
        "m.yaml:9:9: error: services.a.files[1]: missing required field 'target'\n");
  CHECK(hints(with_service("    files: ['./a.yaml:/etc/a.yaml']\n")) ==
        "hint: write each file as { source: ./conf/app.yaml, target: /etc/chora/app.yaml }\n");
  CHECK(first_lines(with_service("    files: { source: a, target: /a }\n")) ==
        "m.yaml:7:5: error: services.a.files: expected a list, found a map\n");
}

TEST_CASE("a file may not be put where the service's secret is mounted", "[manifest]") {
  CHECK(first_lines(with_secrets("    secrets: [db_password]\n    files:\n"
                                 "      - { source: a, target: /run/secrets/db_password }\n"
                                 "      - { source: b, target: /run/secrets/db_password/x }\n"
                                 "      - { source: c, target: /run/secrets/other }\n")) ==
        "m.yaml:11:30: error: services.a.files[0].target: target '/run/secrets/db_password' is "
        "where secret 'db_password' is mounted\n"
        "m.yaml:12:30: error: services.a.files[1].target: target '/run/secrets/db_password/x' "
        "is under '/run/secrets/db_password', where secret 'db_password' is mounted\n");
  // Without the secret, the path is free.
  CHECK(first_lines(with_secrets("    files: [{ source: a, target: /run/secrets/db_password }]\n"))
            .empty());
}

TEST_CASE("the loader records where secrets and files were written", "[manifest]") {
  Manifest manifest =
      load_manifest((chora::test::source_dir() / "manifests" / "secrets.yaml").string());
  CHECK(where(manifest.locations.at("secrets")) == "7:1");
  CHECK(where(manifest.locations.at("secrets.db_password")) == "8:3");
  CHECK(where(manifest.locations.at("secrets.db_password.file")) == "8:24");

  const Service& api = manifest.services[0];
  CHECK(where(api.locations.at("secrets")) == "15:5");
  CHECK(where(api.locations.at("secrets[0]")) == "15:15");
  CHECK(where(api.locations.at("files")) == "16:5");
  CHECK(where(api.locations.at("files[0]")) == "17:9");
  CHECK(where(api.locations.at("files[0].source")) == "17:19");
  CHECK(where(api.locations.at("files[0].target")) == "17:44");
}
