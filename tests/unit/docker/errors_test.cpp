#include <catch2/catch.hpp>

#include "docker/errors.hpp"

using chora::ErrorKind;
using chora::docker::EngineError;

TEST_CASE("an engine error reads call, status, reason and the daemon's message", "[docker]") {
  const EngineError error("POST /v1.41/containers/x/start", 500,
                          "driver failed programming external connectivity");
  CHECK(std::string(error.what()) ==
        "POST /v1.41/containers/x/start: 500 Internal Server Error: driver failed programming "
        "external connectivity");
  CHECK(error.kind() == ErrorKind::kEngine);
  CHECK(error.status() == 500);
  CHECK(error.call() == "POST /v1.41/containers/x/start");
  CHECK(error.daemon_message() == "driver failed programming external connectivity");
}

TEST_CASE("an engine error tells not-found and conflict apart", "[docker]") {
  const EngineError missing("GET /v1.41/containers/x/json", 404, "No such container: x");
  CHECK(missing.is_not_found());
  CHECK_FALSE(missing.is_conflict());
  CHECK(std::string(missing.what()) ==
        "GET /v1.41/containers/x/json: 404 Not Found: No such container: x");

  const EngineError conflict("POST /v1.41/containers/create?name=x", 409, "");
  CHECK(conflict.is_conflict());
  CHECK(std::string(conflict.what()) == "POST /v1.41/containers/create?name=x: 409 Conflict");
}

TEST_CASE("an engine error with an unusual status shows just the number", "[docker]") {
  const EngineError odd("GET /x", 461, "odd");
  CHECK(std::string(odd.what()) == "GET /x: 461: odd");
}
