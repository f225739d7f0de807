#include "plan/fingerprint.hpp"

#include <catch2/catch.hpp>

#include "manifest/loader.hpp"

using namespace chora;

namespace {

manifest::Manifest release(const std::string& log_level, const std::string& version) {
  return manifest::parse_manifest(
      "release: r1\nenvironment: dev\nservices:\n"
      "  config:\n    image: chora/config\n    version: \"" +
          version + "\"\n    env: { LOG_LEVEL: " + log_level + " }\n    health: { timeout: 5s }\n",
      "m.yaml");
}

plan::Fingerprint of(const manifest::Manifest& manifest) {
  return plan::fingerprint_of(manifest, manifest.services.front());
}

}  // namespace

TEST_CASE("the same configuration always gives the same fingerprint", "[plan]") {
  CHECK(of(release("info", "1")).hash == of(release("info", "1")).hash);
  CHECK(of(release("info", "1")).hash.size() == 16);
}

TEST_CASE("a fingerprint changes with the part that changed, and only that part", "[plan]") {
  plan::Fingerprint before = of(release("info", "1"));
  plan::Fingerprint after = of(release("debug", "1"));

  CHECK(before.hash != after.hash);
  CHECK(before.parts.at("env") != after.parts.at("env"));
  CHECK(before.parts.at("image") == after.parts.at("image"));
}

TEST_CASE("the parts label reads back as the same parts", "[plan]") {
  plan::Fingerprint fingerprint = of(release("info", "1"));
  CHECK(plan::parse_parts_label(fingerprint.parts_label()) == fingerprint.parts);
  CHECK(plan::parse_parts_label("not json").empty());
}
