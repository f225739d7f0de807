// Commands run in containers through the exec API (create, a hijacked start, inspect),
// against the real engine.

#include <chrono>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "docker/docker_client.hpp"
#include "docker/errors.hpp"
#include "docker/exec_session.hpp"
#include "integration/docker/test_objects.hpp"
#include "util/cancel.hpp"

using namespace chora;
using namespace chora::docker;

namespace {

DockerClient local_client() {
  return DockerClient(endpoint_from_environment());
}

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::steady_clock;

// A running container of the test image (it sleeps for an hour).
std::string running_container(DockerClient& client, const std::string& name) {
  const std::string id = client.create_container(test::test_container(name));
  client.start_container(id);
  return id;
}

}  // namespace

TEST_CASE("exec gives the command's exit code and both of its output streams", "[docker]") {
  DockerClient client = local_client();
  const std::string name = test::unique_name("exec");
  test::ContainerGuard guard(client, name);
  running_container(client, name);

  const ExecResult result =
      client.exec(name, {"sh", "-c", "echo out; echo err >&2; exit 3"}, seconds(10), nullptr);
  CHECK(result.exit_code == 3);
  // The engine multiplexes the two streams; which line it sends first is its business.
  CHECK((result.output == "out\nerr\n" || result.output == "err\nout\n"));

  const ExecResult quiet = client.exec(name, {"true"}, seconds(10), nullptr);
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.output.empty());
}

TEST_CASE("exec keeps the last 64 KiB of a long output", "[docker]") {
  DockerClient client = local_client();
  const std::string name = test::unique_name("exec-long");
  test::ContainerGuard guard(client, name);
  running_container(client, name);

  const ExecResult result =
      client.exec(name, {"sh", "-c", "yes 0123456789 | head -c 300000; echo; echo verdict: fine"},
                  seconds(10), nullptr);
  CHECK(result.exit_code == 0);
  CHECK(result.output.size() == kExecOutputLimit);
  // head cuts the last line short, echo ends it.
  CHECK_THAT(result.output, Catch::EndsWith("\n01234567\nverdict: fine\n"));
}

TEST_CASE("an exec that outlives its timeout gives -1 as soon as the timeout passes", "[docker]") {
  DockerClient client = local_client();
  const std::string name = test::unique_name("exec-slow");
  test::ContainerGuard guard(client, name);
  running_container(client, name);

  const auto began = steady_clock::now();
  const ExecResult result =
      client.exec(name, {"sh", "-c", "echo started; sleep 30"}, milliseconds(500), nullptr);
  const auto took = steady_clock::now() - began;

  INFO("took " << std::chrono::duration_cast<milliseconds>(took).count() << "ms");
  // Bounded far from the 30 s the command would take, so a slow machine passes too.
  CHECK(took >= milliseconds(500));
  CHECK(took < seconds(10));
  CHECK(result.exit_code == -1);
  CHECK(result.output ==
        "timed out after 500ms (the command may still be running in the container); "
        "its output so far:\nstarted\n");
}

TEST_CASE("an exec is no longer waited for once its cancel token is cancelled", "[docker]") {
  DockerClient client = local_client();
  const std::string name = test::unique_name("exec-cancel");
  test::ContainerGuard guard(client, name);
  running_container(client, name);

  CancelToken cancel;
  std::thread interrupt([&cancel] {
    std::this_thread::sleep_for(milliseconds(300));
    cancel.cancel("interrupted by SIGINT");
  });
  const auto began = steady_clock::now();
  const ExecResult result =
      client.exec(name, {"sh", "-c", "echo started; sleep 60"}, seconds(60), &cancel);
  const auto took = steady_clock::now() - began;
  interrupt.join();

  // Far below the 60 s the command and its timeout would take.
  INFO("took " << std::chrono::duration_cast<milliseconds>(took).count() << "ms");
  CHECK(took < seconds(30));
  CHECK(result.exit_code == -1);
  CHECK(result.output ==
        "stopped waiting: interrupted by SIGINT (the command may still be running in the "
        "container); its output so far:\nstarted\n");
}

TEST_CASE("exec in a container that is not running is a 409 conflict", "[docker]") {
  DockerClient client = local_client();
  const std::string name = test::unique_name("exec-stopped");
  test::ContainerGuard guard(client, name);
  const std::string id = client.create_container(test::test_container(name, {"true"}));
  client.start_container(id);
  REQUIRE(test::eventually([&] { return client.inspect_container(id)->state.status == "exited"; }));

  try {
    client.exec(name, {"true"}, seconds(10), nullptr);
    FAIL("exec ran in a stopped container");
  } catch (const EngineError& error) {
    CHECK(error.is_conflict());
    CHECK(error.call() ==
          "POST /v" + client.version().negotiated + "/containers/" + name + "/exec");
    CHECK_THAT(error.daemon_message(), Catch::Contains("is not running"));
  }
}

TEST_CASE("exec in a missing container is a 404", "[docker]") {
  DockerClient client = local_client();
  try {
    client.exec(test::unique_name("exec-missing"), {"true"}, seconds(10), nullptr);
    FAIL("exec ran in a missing container");
  } catch (const EngineError& error) {
    CHECK(error.is_not_found());
  }
}

TEST_CASE("exec of a program the image lacks reports the engine's failure", "[docker]") {
  DockerClient client = local_client();
  const std::string name = test::unique_name("exec-nofile");
  test::ContainerGuard guard(client, name);
  running_container(client, name);

  const ExecResult result = client.exec(name, {"/bin/no-such-program"}, seconds(10), nullptr);
  INFO(result.output);
  CHECK(result.exit_code == 126);
  CHECK_THAT(result.output, Catch::Contains("no-such-program"));
}
