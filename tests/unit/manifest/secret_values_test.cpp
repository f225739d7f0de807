#include <catch2/catch.hpp>

#include "manifest/loader.hpp"

using namespace chora::manifest;

namespace {

// Renders the problems of `text`, which must have some.
std::string problems_of(const std::string& text) {
  try {
    parse_manifest(text, "release.yaml");
  } catch (const ManifestError& error) {
    return error.render() + error.what();
  }
  FAIL("the manifest was accepted");
  return "";
}

}  // namespace

TEST_CASE("an env value never appears in a manifest error", "[manifest]") {
  std::string rendered = problems_of(R"(release: r1
environment: dev
services:
  api:
    image: chora/api
    version: "1"
    env: { DB_PASSWORD: s3cr3t-sentinel, : x, TOKEN: { nested: tok-sentinel } }
)");

  CHECK(rendered.find("s3cr3t-sentinel") == std::string::npos);
  CHECK(rendered.find("tok-sentinel") == std::string::npos);
  CHECK(rendered.find("(not shown: env values may be secret)") != std::string::npos);
}

TEST_CASE("a line outside env is still shown with its caret", "[manifest]") {
  std::string rendered = problems_of(R"(release: r1
environment: dev
services:
  api:
    image: chora/api
    version: "1"
    env: { DB_PASSWORD: s3cr3t-sentinel }
    ports: ["80"]
)");

  CHECK(rendered.find("    8 |     ports: [\"80\"]") != std::string::npos);
  CHECK(rendered.find("s3cr3t-sentinel") == std::string::npos);
}

TEST_CASE("a secret's value written into the manifest is never echoed", "[manifest]") {
  std::string rendered = problems_of(R"(release: r1
environment: dev
secrets:
  db_password: hunter2-sentinel
  api_token: { file: ./t, value: tok-sentinel }
  tls: { file: [x] }
services:
  api: { image: chora/api, version: "1", secrets: [db_password] }
)");

  CHECK(rendered.find("hunter2-sentinel") == std::string::npos);
  CHECK(rendered.find("tok-sentinel") == std::string::npos);
  CHECK(rendered.find("    4 | (not shown: a secret's value may be written here)") !=
        std::string::npos);
  CHECK(rendered.find("hint: a secret stays in a file on this machine and never in the "
                      "manifest: write 'db_password: { file: ./secrets/db_password }'") !=
        std::string::npos);
  // The line of a secret's file is only a path, and is shown.
  CHECK(rendered.find("    6 |   tls: { file: [x] }") != std::string::npos);
}
