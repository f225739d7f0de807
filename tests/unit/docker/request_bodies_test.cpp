#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "docker/request_bodies.hpp"

using chora::docker::ContainerSpec;
using chora::docker::container_create_body;
using chora::docker::network_create_body;
using nlohmann::json;

namespace {

ContainerSpec web_spec() {
  ContainerSpec spec;
  spec.name = "chora-search";
  spec.image = "chora/search:2.1.0";
  spec.env = {"MODE=prod", "GREETING=hello world"};
  spec.labels = {{"io.chora-deploy.project", "demo"}};
  spec.ports = {{"127.0.0.1", 18080, 8080, "tcp"}, {"", 0, 8080, "tcp"}, {"", 5353, 53, "udp"}};
  spec.network = "chora-net";
  spec.aliases = {"search", "search.internal"};
  spec.stop_timeout = std::chrono::seconds(5);
  return spec;
}

}  // namespace

TEST_CASE("create exposes every published port so the bindings take effect", "[docker]") {
  const json body = json::parse(container_create_body(web_spec()));
  CHECK(body["ExposedPorts"] == json::parse(R"({"8080/tcp":{},"53/udp":{}})"));
  CHECK(body["HostConfig"]["PortBindings"] == json::parse(R"({
    "8080/tcp": [{"HostIp":"127.0.0.1","HostPort":"18080"},{"HostIp":"","HostPort":""}],
    "53/udp": [{"HostIp":"","HostPort":"5353"}]})"));
}

TEST_CASE("create sets image, env, labels, stop timeout, network and aliases", "[docker]") {
  const json body = json::parse(container_create_body(web_spec()));
  CHECK(body["Image"] == "chora/search:2.1.0");
  CHECK(body["Env"] == json::array({"MODE=prod", "GREETING=hello world"}));
  CHECK(body["Labels"] == json::parse(R"({"io.chora-deploy.project":"demo"})"));
  CHECK(body["StopTimeout"] == 5);
  CHECK(body["HostConfig"]["NetworkMode"] == "chora-net");
  CHECK(body["NetworkingConfig"]["EndpointsConfig"] ==
        json::parse(R"({"chora-net":{"Aliases":["search","search.internal"]}})"));
  CHECK_FALSE(body.contains("Cmd"));
}

TEST_CASE("create sends Cmd only when a command is given", "[docker]") {
  ContainerSpec spec = web_spec();
  spec.command = {"/bin/httpd", "-f", "-p", "8080"};
  CHECK(json::parse(container_create_body(spec))["Cmd"] ==
        json::array({"/bin/httpd", "-f", "-p", "8080"}));
}

TEST_CASE("create without a network leaves the engine's default network alone", "[docker]") {
  ContainerSpec spec;
  spec.image = "chora-test/busybox:1";
  const json body = json::parse(container_create_body(spec));
  CHECK_FALSE(body["HostConfig"].contains("NetworkMode"));
  CHECK_FALSE(body.contains("NetworkingConfig"));
  CHECK(body["Labels"] == json::object());
  CHECK(body["Env"] == json::array());
  CHECK(body["ExposedPorts"] == json::object());
  CHECK(body["StopTimeout"] == 10);
}

TEST_CASE("network create asks for a bridge and refuses duplicates", "[docker]") {
  const json body =
      json::parse(network_create_body("chora-net", {{"io.chora-deploy.test", "true"}}));
  CHECK(body == json::parse(R"({"Name":"chora-net","Driver":"bridge","CheckDuplicate":true,
                               "Labels":{"io.chora-deploy.test":"true"}})"));
}

TEST_CASE("create sends the spec's healthcheck with its durations in nanoseconds", "[docker]") {
  ContainerSpec spec = web_spec();
  spec.healthcheck = chora::docker::HealthcheckConfig{
      .test = {"CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1"},
      .interval = std::chrono::milliseconds(200),
      .timeout = std::chrono::seconds(2),
      .start_period = std::chrono::seconds(5),
      .retries = 3,
  };
  const json body = json::parse(container_create_body(spec));
  CHECK(body["Healthcheck"] == json::parse(R"({
    "Test": ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/ || exit 1"],
    "Interval": 200000000, "Timeout": 2000000000, "StartPeriod": 5000000000, "Retries": 3})"));
}

TEST_CASE("create leaves the image's healthcheck alone when the spec sets none", "[docker]") {
  CHECK_FALSE(json::parse(container_create_body(web_spec())).contains("Healthcheck"));
}

TEST_CASE("a healthcheck of zeros is sent as zeros, which mean the engine's defaults", "[docker]") {
  ContainerSpec spec = web_spec();
  spec.healthcheck = chora::docker::HealthcheckConfig{.test = {"NONE"}};
  CHECK(json::parse(container_create_body(spec))["Healthcheck"] ==
        json::parse(R"({"Test":["NONE"],"Interval":0,"Timeout":0,"StartPeriod":0,"Retries":0})"));
}

TEST_CASE("create binds host files through Mounts, read-only unless told otherwise", "[docker]") {
  ContainerSpec spec = web_spec();
  spec.mounts = {{.source = "/srv/chora/secrets/db_password", .target = "/run/secrets/db"},
                 {.source = "/srv/chora/cache", .target = "/cache", .read_only = false}};
  const json body = json::parse(container_create_body(spec));
  CHECK(body["HostConfig"]["Mounts"] == json::parse(R"([
    {"Type":"bind","Source":"/srv/chora/secrets/db_password","Target":"/run/secrets/db",
     "ReadOnly":true},
    {"Type":"bind","Source":"/srv/chora/cache","Target":"/cache","ReadOnly":false}])"));
  // Binds would have the engine create a missing source as an empty directory.
  CHECK_FALSE(body["HostConfig"].contains("Binds"));
}

TEST_CASE("create without mounts sends no Mounts", "[docker]") {
  CHECK_FALSE(json::parse(container_create_body(web_spec()))["HostConfig"].contains("Mounts"));
}

TEST_CASE("exec create attaches stdout and stderr and exec start stays attached", "[docker]") {
  CHECK(json::parse(chora::docker::exec_create_body({"sh", "-c", "echo out; exit 3"})) ==
        json::parse(R"({"AttachStdout":true,"AttachStderr":true,
                        "Cmd":["sh","-c","echo out; exit 3"]})"));
  CHECK(json::parse(chora::docker::exec_start_body()) ==
        json::parse(R"({"Detach":false,"Tty":false})"));
}
