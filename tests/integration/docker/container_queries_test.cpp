#include <catch2/catch.hpp>

#include <algorithm>

#include "docker/docker_client.hpp"
#include "integration/docker/test_objects.hpp"

using namespace chora;
using namespace chora::docker;

namespace {

std::vector<std::string> names_of(const std::vector<ContainerSummary>& rows) {
  std::vector<std::string> names;
  for (const ContainerSummary& row : rows) {
    names.push_back(row.name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("listing by labels returns only containers carrying all of them", "[docker]") {
  DockerClient client(Endpoint::unix_socket("/var/run/docker.sock"));
  const std::string run = test::unique_name("run");
  const std::string a = test::unique_name("list-a");
  const std::string b = test::unique_name("list-b");
  const std::string other = test::unique_name("list-other");
  test::ContainerGuard guard_a(client, a);
  test::ContainerGuard guard_b(client, b);
  test::ContainerGuard guard_other(client, other);

  for (const std::string& name : {a, b}) {
    ContainerSpec spec = test::test_container(name);
    spec.labels = test::test_labels({{"io.chora-deploy.run", run}, {"role", name}});
    client.create_container(spec);
  }
  ContainerSpec spec = test::test_container(other);
  spec.labels = test::test_labels({{"io.chora-deploy.run", run + "-other"}});
  client.create_container(spec);
  client.start_container(a);

  const Labels of_run = {{"io.chora-deploy.run", run}, {test::kTestLabel, "true"}};
  CHECK(names_of(client.list_containers(of_run, true)) == std::vector<std::string>{a, b});
  CHECK(names_of(client.list_containers(of_run, false)) == std::vector<std::string>{a});
  CHECK(names_of(client.list_containers({{"io.chora-deploy.run", run}, {"role", b}}, true)) ==
        std::vector<std::string>{b});

  // An empty value matches any value of the key.
  const auto with_role = names_of(client.list_containers({{"role", ""}}, true));
  const std::vector<std::string> ours = {a, b};
  CHECK(std::includes(with_role.begin(), with_role.end(), ours.begin(), ours.end()));
}

TEST_CASE("logs give the tail of stdout and stderr as text", "[docker]") {
  DockerClient client(Endpoint::unix_socket("/var/run/docker.sock"));
  const std::string name = test::unique_name("logs");
  test::ContainerGuard guard(client, name);
  const std::string id = client.create_container(test::test_container(
      name, {"/bin/sh", "-c", "echo out-1; echo err-1 >&2; echo out-2; echo err-2 >&2"}));
  client.start_container(id);
  REQUIRE(test::eventually([&] { return !client.inspect_container(id)->state.running; }));

  // stdout and stderr are copied separately, so only the order within a stream is certain.
  const std::string logs = client.container_logs(id, 100);
  CHECK(logs.size() == std::string("out-1\nerr-1\nout-2\nerr-2\n").size());
  CHECK(logs.find("out-1\n") < logs.find("out-2\n"));
  CHECK(logs.find("err-1\n") < logs.find("err-2\n"));
  CHECK(logs.find("out-2\n") != std::string::npos);
  CHECK(logs.find("err-2\n") != std::string::npos);

  const std::string tail = client.container_logs(id, 1);
  CHECK((tail == "out-2\n" || tail == "err-2\n"));
}
