#include <catch2/catch.hpp>

#include "app/release_loader.hpp"
#include "manifest/loader.hpp"
#include "unit/manifest/fixture_files.hpp"

using namespace chora::manifest;
using chora::test::read_text;
using chora::test::relative_name;
using chora::test::yaml_files;

TEST_CASE("every reference manifest loads without error", "[manifest]") {
  auto files = yaml_files("manifests");
  REQUIRE(files.size() >= 6);
  for (const auto& file : files) {
    std::string name = relative_name(file);
    INFO(name);
    try {
      chora::app::LoadedRelease loaded = chora::app::parse_release(read_text(file), name);
      CHECK_FALSE(loaded.manifest.services.empty());
    } catch (const ManifestError& error) {
      FAIL(error.render());
    }
  }
}

// Loaded as every command loads a manifest: cycles are found with the other problems.
TEST_CASE("every invalid manifest produces exactly the error text beside it", "[manifest]") {
  auto files = yaml_files("manifests/invalid");
  REQUIRE(files.size() >= 12);
  for (const auto& file : files) {
    std::string name = relative_name(file);
    INFO(name);
    std::filesystem::path expected_file = file;
    expected_file.replace_extension(".expected");
    REQUIRE(std::filesystem::exists(expected_file));

    std::string rendered = "(loaded without error)\n";
    try {
      chora::app::parse_release(read_text(file), name);
    } catch (const ManifestError& error) {
      rendered = error.render();
    }
    CHECK(rendered == read_text(expected_file));
  }
}
