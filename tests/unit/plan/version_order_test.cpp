#include <catch2/catch.hpp>

#include "plan/version_order.hpp"

using chora::plan::compare_versions;

TEST_CASE("versions compare number by number, not letter by letter", "[plan]") {
  CHECK(compare_versions("1.10.0", "1.9.2") > 0);
  CHECK(compare_versions("1.0.0", "1.1.0") < 0);
  CHECK(compare_versions("2.1.0", "2.1.0") == 0);
  CHECK(compare_versions("1.2.0-broken", "1.1.0") > 0);
  CHECK(compare_versions("1.2", "1.2.1") < 0);
  CHECK(compare_versions("007", "7") == 0);
}

TEST_CASE("tags that are not versions compare as text", "[plan]") {
  CHECK(compare_versions("latest", "stable") < 0);
  CHECK(compare_versions("v2", "v10") < 0);
}
