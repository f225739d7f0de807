#include <catch2/catch.hpp>

#include <string>

#include "docker/exec_session.hpp"
#include "util/error.hpp"

using namespace chora::docker;

TEST_CASE("exec inspect of an ended process gives its exit code", "[docker]") {
  // exec-inspect.txt, shortened.
  const std::string body =
      R"({"ID":"1171e3cb9bb8","Running":false,"ExitCode":3,"ProcessConfig":{"tty":false,)"
      R"("entrypoint":"sh","arguments":["-c","exit 3"],"privileged":false},"OpenStdin":false,)"
      R"("OpenStderr":true,"OpenStdout":true,"CanRemove":false,"ContainerID":"158909a337a4",)"
      R"("DetachKeys":"","Pid":13398})";
  CHECK(exec_exit_code_from_json(body) == 3);
  CHECK(exec_exit_code_from_json(R"({"Running":false,"ExitCode":0})") == 0);
}

TEST_CASE("exec inspect of a running process gives no exit code yet", "[docker]") {
  CHECK_FALSE(exec_exit_code_from_json(R"({"Running":true,"ExitCode":null})").has_value());
  CHECK_FALSE(exec_exit_code_from_json(R"({"Running":true,"ExitCode":0})").has_value());
  CHECK_FALSE(exec_exit_code_from_json(R"({"Running":false})").has_value());
}

TEST_CASE("exec inspect that is not JSON is an engine error", "[docker]") {
  CHECK_THROWS_AS(exec_exit_code_from_json("<html>"), chora::Error);
}

TEST_CASE("only the tail of a long output is kept", "[docker]") {
  CHECK(keep_tail("short", 10) == "short");
  CHECK(keep_tail("0123456789", 10) == "0123456789");
  CHECK(keep_tail("0123456789abc", 10) == "3456789abc");
  CHECK(keep_tail(std::string(kExecOutputLimit + 5, 'x') + "verdict", kExecOutputLimit)
            .ends_with("verdict"));
}
