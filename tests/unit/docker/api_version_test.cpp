#include <catch2/catch.hpp>

#include "docker/api_version.hpp"
#include "util/error.hpp"

using chora::Error;
using chora::ErrorKind;
using chora::docker::negotiate_api_version;

namespace {

constexpr const char* kWhere = "unix:///var/run/docker.sock";

}  // namespace

TEST_CASE("negotiation speaks 1.41 to engines at 1.41 or newer", "[docker]") {
  CHECK(negotiate_api_version("1.41", kWhere) == "1.41");
  CHECK(negotiate_api_version("1.45", kWhere) == "1.41");
  CHECK(negotiate_api_version("2.0", kWhere) == "1.41");
}

TEST_CASE("negotiation speaks an older engine's version down to 1.40", "[docker]") {
  CHECK(negotiate_api_version("1.40", kWhere) == "1.40");
}

TEST_CASE("negotiation refuses engines older than 1.40, naming both versions", "[docker]") {
  try {
    negotiate_api_version("1.39", kWhere);
    FAIL("1.39 was accepted");
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kEngine);
    CHECK(error.message() ==
          "the Docker engine at unix:///var/run/docker.sock speaks API 1.39, but chora-deploy "
          "needs API 1.40 or newer (Docker 19.03 or later)");
  }
}

TEST_CASE("an engine without an Api-Version header counts as 1.24 and is refused", "[docker]") {
  CHECK_THROWS_WITH(negotiate_api_version("", kWhere), Catch::Contains("speaks API 1.24"));
}

TEST_CASE("an unreadable Api-Version is refused", "[docker]") {
  CHECK_THROWS_WITH(negotiate_api_version("latest", kWhere),
                    Catch::Contains("\"latest\", which is not of the form major.minor"));
  CHECK_THROWS_WITH(negotiate_api_version("1.", kWhere), Catch::Contains("major.minor"));
}
