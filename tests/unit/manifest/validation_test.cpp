#include <catch2/catch.hpp>

#include "manifest/loader.hpp"
#include "unit/manifest/manifest_text.hpp"

using namespace chora::manifest;

using chora::test::first_lines;
using chora::test::kHeader;
using chora::test::problems;

TEST_CASE("a host port on all interfaces collides with the same port on one IP", "[manifest]") {
  CHECK(first_lines(kHeader + "services:\n"
                              "  a: { image: a, version: '1', ports: ['127.0.0.1:80:80'] }\n"
                              "  b: { image: b, version: '1', ports: ['0.0.0.0:80:80'] }\n") ==
        "m.yaml:5:40: error: services.b.ports[0]: host port 0.0.0.0:80/tcp is already "
        "published by service 'a' (line 4)\n");
}

TEST_CASE("the same host port on other IPs or protocols does not collide", "[manifest]") {
  CHECK(problems(kHeader +
                 "services:\n"
                 "  a: { image: a, version: '1', ports: ['127.0.0.1:80:80', '80:80/udp'] }\n"
                 "  b: { image: b, version: '1', ports: ['127.0.0.2:80:80'] }\n") == "");
}

TEST_CASE("a second YAML document is refused at its ---", "[manifest]") {
  const std::string hint =
      "hint: a manifest holds one release; give each release a file of its own\n";
  CHECK(problems(kHeader + "services: { a: { image: a, version: '1' } }\n---\nrelease: s\n") ==
        "m.yaml:4:1: error: a second YAML document starts here\n"
        "    4 | ---\n"
        "      | ^\n" +
            hint);
  CHECK(problems(kHeader + "services: { a: { image: a, version: '1' } }\n---\n# next\n\nx: 1\n") ==
        "m.yaml:4:1: error: a second YAML document starts here\n"
        "    4 | ---\n"
        "      | ^\n" +
            hint);
}

TEST_CASE("a top level that is a single value is refused", "[manifest]") {
  CHECK(first_lines("just text\n") ==
        "m.yaml:1:1: error: the manifest must be a map, found a single value\n");
}

TEST_CASE("duplicate keys are found in every map", "[manifest]") {
  CHECK(first_lines(kHeader + "labels: { team: a, team: b }\n"
                              "services:\n"
                              "  a:\n"
                              "    image: a\n"
                              "    version: '1'\n"
                              "    env: { X: '1', X: '2' }\n"
                              "environment: f\n") ==
        "m.yaml:3:20: error: labels.team: duplicate key 'team' (first at line 3)\n"
        "m.yaml:8:20: error: services.a.env.X: duplicate key 'X' (first at line 8)\n"
        "m.yaml:9:1: error: environment: duplicate key 'environment' (first at line 2)\n");
}

TEST_CASE("keys that are not strings are refused", "[manifest]") {
  CHECK(first_lines(kHeader + "services: { a: { image: a, version: '1' } }\n[x]: 1\n") ==
        "m.yaml:4:1: error: expected a string as key, found a list\n");
}

TEST_CASE("numbers given for ports and statuses must be plain numbers", "[manifest]") {
  CHECK(problems(kHeader + "services:\n"
                           "  a:\n"
                           "    image: a\n"
                           "    version: '1'\n"
                           "    health: { http: { port: '80', expect: ok } }\n") ==
        "m.yaml:7:29: error: services.a.health.http.port: expected a port number from 1 to "
        "65535, found a string\n"
        "    7 |     health: { http: { port: '80', expect: ok } }\n"
        "      |                             ^\n"
        "hint: write the number without quotes\n"
        "m.yaml:7:43: error: services.a.health.http.expect: expected an HTTP status from 100 "
        "to 599, found a string\n"
        "    7 |     health: { http: { port: '80', expect: ok } }\n"
        "      |                                           ^\n");
}

TEST_CASE("a version given as a YAML number is read as written", "[manifest]") {
  Manifest manifest =
      parse_manifest(kHeader + "services: { a: { image: a, version: 1 } }\n", "m.yaml");
  CHECK(manifest.services[0].version == "1");
}

TEST_CASE("empty optional maps and lists read as empty", "[manifest]") {
  Manifest manifest = parse_manifest(kHeader +
                                         "labels:\n"
                                         "services:\n"
                                         "  a:\n"
                                         "    image: a\n"
                                         "    version: '1'\n"
                                         "    env:\n"
                                         "      # LOG_LEVEL: debug\n"
                                         "    ports:\n"
                                         "    depends_on: []\n",
                                     "m.yaml");
  CHECK(manifest.services[0].env.empty());
  CHECK(manifest.services[0].ports.empty());
}

TEST_CASE("a required value left empty is refused", "[manifest]") {
  CHECK(problems(kHeader + "services:\n  a:\n    image:\n    version: '1'\n") ==
        "m.yaml:5:5: error: services.a.image: expected a string, found nothing\n"
        "    5 |     image:\n"
        "      |     ^\n");
}

TEST_CASE("a service that is not a map is refused", "[manifest]") {
  CHECK(first_lines(kHeader + "services:\n  a: chora/a:1\n  b:\n") ==
        "m.yaml:4:6: error: services.a: expected a map, found a string\n"
        "m.yaml:5:3: error: services.b: missing required field 'image'\n"
        "m.yaml:5:3: error: services.b: missing required field 'version'\n");
}

TEST_CASE("a missing field is not reported again when a misspelling was", "[manifest]") {
  CHECK(first_lines("release: r\nenviroment: e\nservices: { a: { imag: a, version: '1' } }\n") ==
        "m.yaml:2:1: error: enviroment: unknown key 'enviroment'\n"
        "m.yaml:3:18: error: services.a.imag: unknown key 'imag'\n");
}

TEST_CASE("a digest in the image is refused", "[manifest]") {
  CHECK(problems(kHeader + "services: { a: { image: 'a@sha256:00', version: '1' } }\n") ==
        "m.yaml:3:25: error: services.a.image: image 'a@sha256:00' includes a digest\n"
        "    3 | services: { a: { image: 'a@sha256:00', version: '1' } }\n"
        "      |                         ^\n"
        "hint: write the repository in 'image' and a tag in 'version'\n");
}

TEST_CASE("a registry port is not mistaken for a tag", "[manifest]") {
  CHECK(problems(kHeader + "services: { a: { image: 'reg:5000/a', version: '1' } }\n") == "");
  CHECK(first_lines(kHeader + "services: { a: { image: 'reg:5000/a:2', version: '1' } }\n") ==
        "m.yaml:3:25: error: services.a.image: image 'reg:5000/a:2' includes a tag\n");
}

TEST_CASE("the default interval counts against a short timeout", "[manifest]") {
  CHECK(first_lines(kHeader + "services: { a: { image: a, version: '1', "
                              "health: { timeout: 500ms } } }\n") ==
        "m.yaml:3:61: error: services.a.health.timeout: interval 500ms is not shorter than "
        "the timeout 500ms\n");
}

TEST_CASE("problems are listed by line, then column, whatever found them", "[manifest]") {
  std::string text = kHeader +
                     "services:\n"
                     "  a: { image: a, version: '1', depends_on: [b, zz], ports: ['1:1'] }\n"
                     "  b: { image: B, version: '1', ports: ['1:1'] }\n";
  CHECK(first_lines(text) ==
        "m.yaml:4:48: error: services.a.depends_on[1]: unknown service 'zz'\n"
        "m.yaml:5:15: error: services.b.image: invalid image 'B'\n"
        "m.yaml:5:40: error: services.b.ports[0]: host port 1/tcp is already published by "
        "service 'a' (line 4)\n");
}

TEST_CASE("a tab in the indentation gets a hint, not only yaml-cpp's words", "[manifest]") {
  // yaml-cpp words each of these differently; the tab is the cause of all three.
  for (const char* services :
       {"services:\n  a:\n\timage: a\n", "services:\n  a:\n    image: a\n\t  version: 1\n",
        "services:\n\ta: { image: a, version: '1' }\n"}) {
    INFO(services);
    CHECK(chora::test::hints(kHeader + services) ==
          "hint: indent with spaces: YAML does not allow tabs there\n");
  }
  // A stray tab on a blank line is no cause: the real one keeps its hint.
  CHECK(
      chora::test::hints(kHeader + "services:\n  a:\n\t\n    depends_on: [b\n    version: '1'\n") ==
      "hint: a list opened with '[' is not closed with ']'\n");
}
