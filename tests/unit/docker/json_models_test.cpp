#include <catch2/catch.hpp>

#include "docker/json_models.hpp"
#include "util/error.hpp"

using namespace chora::docker;

namespace {

// Trimmed from container-inspect.txt: a running, healthy container on a user network.
constexpr const char* kHealthyWeb = R"js({
  "Id": "067e3fadf106", "Name": "/apiref-web", "RestartCount": 2, "Image": "sha256:c80aafe3d933",
  "State": {"Status": "running", "Running": true, "Paused": false, "Restarting": false,
            "OOMKilled": false, "Dead": false, "Pid": 11382, "ExitCode": 0, "Error": "",
            "StartedAt": "2026-12-03T12:41:56.776162401Z", "FinishedAt": "0001-01-01T00:00:00Z",
            "Health": {"Status": "healthy", "FailingStreak": 0, "Log": [
              {"Start": "a", "End": "b", "ExitCode": 1, "Output": "older\n"},
              {"Start": "c", "End": "d", "ExitCode": 0, "Output": "newest\n"}]}},
  "Config": {"Image": "apiref-bb:1", "Labels": {"org.apiref.service": "web"},
             "Healthcheck": {"Test": ["CMD-SHELL", "wget -q -O /dev/null http://127.0.0.1:8080/"],
                             "Interval": 1000000000}},
  "NetworkSettings": {"Networks": {"apiref-net": {"IPAMConfig": null, "Links": null,
      "Aliases": ["web", "www.apiref.internal", "067e3fadf106"], "IPAddress": "172.18.0.2"}}}
})js";

// A created container with no check: Health absent, Labels, Aliases and Healthcheck null.
constexpr const char* kBareCreated = R"js({
  "Id": "d75ba239", "Name": "/apiref-logger", "Image": "sha256:c80a",
  "State": {"Status": "created", "Running": false, "ExitCode": 127,
            "Error": "exec: \"/bin/nonexistent\": stat /bin/nonexistent: no such file"},
  "Config": {"Image": "apiref-bb:1", "Labels": null, "Healthcheck": null},
  "NetworkSettings": {"Networks": {"bridge": {"Aliases": null, "IPAddress": ""}}}
})js";

}  // namespace

TEST_CASE("container inspect maps name, image, state, health and networks", "[docker]") {
  const ContainerDetails details = container_details_from_json(kHealthyWeb);
  CHECK(details.id == "067e3fadf106");
  CHECK(details.name == "apiref-web");
  CHECK(details.image == "apiref-bb:1");
  CHECK(details.image_id == "sha256:c80aafe3d933");
  CHECK(details.labels == Labels{{"org.apiref.service", "web"}});
  CHECK(details.restart_count == 2);
  CHECK(details.has_healthcheck);

  CHECK(details.state.status == "running");
  CHECK(details.state.running);
  CHECK(details.state.started_at == "2026-12-03T12:41:56.776162401Z");
  CHECK(details.state.finished_at == "0001-01-01T00:00:00Z");
  CHECK(details.state.health == std::optional<std::string>("healthy"));
  CHECK(details.state.last_health_output == "newest\n");

  REQUIRE(details.networks.count("apiref-net") == 1);
  CHECK(details.networks.at("apiref-net").ip_address == "172.18.0.2");
  CHECK(details.networks.at("apiref-net").aliases ==
        std::vector<std::string>{"web", "www.apiref.internal", "067e3fadf106"});
}

TEST_CASE("container inspect tolerates null labels, aliases and a missing health", "[docker]") {
  const ContainerDetails details = container_details_from_json(kBareCreated);
  CHECK(details.name == "apiref-logger");
  CHECK(details.labels.empty());
  CHECK_FALSE(details.has_healthcheck);
  CHECK_FALSE(details.state.health.has_value());
  CHECK(details.state.exit_code == 127);
  CHECK_THAT(details.state.error, Catch::StartsWith("exec: \"/bin/nonexistent\""));
  CHECK(details.restart_count == 0);
  CHECK(details.networks.at("bridge").aliases.empty());
}

TEST_CASE("a NONE or empty healthcheck test counts as no healthcheck", "[docker]") {
  CHECK_FALSE(image_info_from_json(R"js({"Config":{"Healthcheck":{"Test":["NONE"]}}})js")
                  .has_healthcheck);
  CHECK_FALSE(
      image_info_from_json(R"js({"Config":{"Healthcheck":{"Test":[]}}})js").has_healthcheck);
  CHECK_FALSE(image_info_from_json(R"js({"Config":{"Healthcheck":{}}})js").has_healthcheck);
  CHECK(image_info_from_json(R"js({"Config":{"Healthcheck":{"Test":["CMD","true"]}}})js")
            .has_healthcheck);
}

TEST_CASE("image inspect maps id and tags", "[docker]") {
  // Trimmed from image-inspect.txt.
  const ImageInfo image = image_info_from_json(R"js({
    "Id": "sha256:c80aafe3d933", "RepoTags": ["apiref-bb:1"], "RepoDigests": [],
    "Config": {"Cmd": ["/bin/sh", "-c", "sleep 3600"], "Labels": {"a": "b"},
               "Healthcheck": null, "ExposedPorts": null}})js");
  CHECK(image.id == "sha256:c80aafe3d933");
  CHECK(image.repo_tags == std::vector<std::string>{"apiref-bb:1"});
  CHECK_FALSE(image.has_healthcheck);
}

TEST_CASE("container list rows keep published ports and drop the leading slash", "[docker]") {
  // Trimmed from containers-list-label.txt, plus an exposed-only port and a null-label row.
  const auto rows = container_summaries_from_json(R"js([
    {"Id": "067e3fad", "Names": ["/apiref-web"], "Image": "apiref-bb:1", "State": "running",
     "Status": "Up 5 minutes (healthy)", "Labels": {"org.apiref.project": "demo"},
     "Ports": [{"IP": "127.0.0.1", "PrivatePort": 8080, "PublicPort": 18080, "Type": "tcp"},
               {"PrivatePort": 9090, "Type": "udp"}]},
    {"Id": "d75b", "Names": ["/apiref-logger"], "Image": "apiref-bb:1", "State": "exited",
     "Status": "Exited (0) 2 seconds ago", "Labels": null, "Ports": []}])js");

  REQUIRE(rows.size() == 2);
  CHECK(rows[0].name == "apiref-web");
  CHECK(rows[0].state == "running");
  CHECK(rows[0].status == "Up 5 minutes (healthy)");
  CHECK(rows[0].labels.at("org.apiref.project") == "demo");
  REQUIRE(rows[0].ports.size() == 1);
  CHECK(rows[0].ports[0].host_ip == "127.0.0.1");
  CHECK(rows[0].ports[0].host_port == 18080);
  CHECK(rows[0].ports[0].container_port == 8080);
  CHECK(rows[0].ports[0].protocol == "tcp");
  CHECK(rows[1].labels.empty());
  CHECK(rows[1].ports.empty());
}

TEST_CASE("network inspect and version map their fields", "[docker]") {
  // From network-inspect.txt and version.txt.
  const NetworkInfo network = network_info_from_json(
      R"js({"Name":"apiref-net","Id":"239bd60d","Scope":"local","Driver":"bridge",
          "Containers":{},"Options":{},"Labels":{"org.apiref":"1"}})js");
  CHECK(network.name == "apiref-net");
  CHECK(network.id == "239bd60d");
  CHECK(network.driver == "bridge");
  CHECK(network.labels == Labels{{"org.apiref", "1"}});

  const EngineVersion version = engine_version_from_json(
      R"js({"Version":"20.10.24+dfsg1","ApiVersion":"1.41","MinAPIVersion":"1.12",
          "Os":"linux","Arch":"amd64","KernelVersion":"6.18.44"})js");
  CHECK(version.version == "20.10.24+dfsg1");
  CHECK(version.api_version == "1.41");
  CHECK(version.min_api_version == "1.12");
  CHECK(version.os == "linux");
  CHECK(version.arch == "amd64");
}

TEST_CASE("a created object's id is read, and its absence is an error", "[docker]") {
  CHECK(created_id_from_json(R"js({"Id":"239bd60d","Warning":""})js") == "239bd60d");
  CHECK_THROWS_WITH(created_id_from_json(R"js({"Warnings":[]})js"),
                    Catch::Contains("carries no Id"));
}

TEST_CASE("answers that are not JSON or mistyped are errors naming the field", "[docker]") {
  CHECK_THROWS_AS(container_details_from_json("<html>"), chora::Error);
  CHECK_THROWS_WITH(container_details_from_json(R"js({"State":{"ExitCode":"zero"}})js"),
                    Catch::Contains("\"ExitCode\" holds a string"));
  CHECK_THROWS_WITH(container_summaries_from_json(R"js({"message":"x"})js"),
                    Catch::Contains("not a JSON array"));
}

TEST_CASE("the daemon message comes from JSON or, failing that, the raw text", "[docker]") {
  CHECK(daemon_message_from_body("{\"message\":\"No such container: x\"}\n") ==
        "No such container: x");
  // version-too-old.txt is text/plain.
  CHECK(daemon_message_from_body("client version 1.11 is too old. Minimum supported API "
                                 "version is 1.12, please upgrade your client\n") ==
        "client version 1.11 is too old. Minimum supported API version is 1.12, please "
        "upgrade your client");
  CHECK(daemon_message_from_body("") == "");
  CHECK(daemon_message_from_body("{\"other\":1}") == "{\"other\":1}");
}
