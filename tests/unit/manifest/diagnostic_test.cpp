#include "manifest/diagnostic.hpp"

#include <catch2/catch.hpp>

using namespace chora::manifest;

namespace {

const std::string kSource =
    "release: r\n"
    "services:\n"
    "  chora-search:\n"
    "    depends_on:\n"
    "      - chora-indexr\n";

Diagnostic unknown_service() {
  return {{"manifest.yaml", 5, 9},
          "services.chora-search.depends_on[0]",
          "unknown service 'chora-indexr'",
          "did you mean 'chora-indexer'?"};
}

}  // namespace

TEST_CASE("a diagnostic shows position, field, source line, caret and hint", "[manifest]") {
  CHECK(format_diagnostic(unknown_service(), kSource) ==
        "manifest.yaml:5:9: error: services.chora-search.depends_on[0]: unknown service "
        "'chora-indexr'\n"
        "    5 |       - chora-indexr\n"
        "      |         ^\n"
        "hint: did you mean 'chora-indexer'?\n");
}

TEST_CASE("a diagnostic leaves out what it does not have", "[manifest]") {
  Diagnostic diagnostic{{"m.yaml", 0, 0}, "", "the manifest is empty", ""};
  CHECK(format_diagnostic(diagnostic, kSource) == "m.yaml: error: the manifest is empty\n");

  CHECK(format_diagnostic(unknown_service(), "") ==
        "manifest.yaml:5:9: error: services.chora-search.depends_on[0]: unknown service "
        "'chora-indexr'\n"
        "hint: did you mean 'chora-indexer'?\n");
}

TEST_CASE("a diagnostic without column shows the line without caret", "[manifest]") {
  Diagnostic diagnostic{{"m.yaml", 1, 0}, "release", "bad", ""};
  CHECK(format_diagnostic(diagnostic, kSource) ==
        "m.yaml:1: error: release: bad\n"
        "    1 | release: r\n");
}

TEST_CASE("the caret stays under its column after tabs and UTF-8 text", "[manifest]") {
  // 'x' is byte 9: '#', tab, "caf", two bytes of 'é', tab.
  Diagnostic diagnostic{{"m.yaml", 1, 9}, "", "here", ""};
  CHECK(format_diagnostic(diagnostic, "#\tcafé\tx: y\r\n") ==
        "m.yaml:1:9: error: here\n"
        "    1 | # café x: y\n"
        "      |        ^\n");
}

TEST_CASE("the gutter widens for long files", "[manifest]") {
  std::string source;
  for (int i = 0; i < 123456; ++i) source += "x\n";
  Diagnostic diagnostic{{"m.yaml", 123456, 1}, "", "here", ""};
  CHECK(format_diagnostic(diagnostic, source) ==
        "m.yaml:123456:1: error: here\n"
        "123456 | x\n"
        "       | ^\n");
}

TEST_CASE("a manifest error summarises in what() and lists everything in render()", "[manifest]") {
  Diagnostic second{{"manifest.yaml", 1, 10}, "release", "bad release", ""};
  ManifestError error({unknown_service(), second}, kSource);
  CHECK(error.kind() == chora::ErrorKind::kInvalidManifest);
  CHECK(std::string(error.what()) == "manifest.yaml: 2 problems in the manifest");
  CHECK(error.render() ==
        format_diagnostic(unknown_service(), kSource) + format_diagnostic(second, kSource));

  ManifestError single({second}, kSource);
  CHECK(std::string(single.what()) == "manifest.yaml: 1 problem in the manifest");
}
