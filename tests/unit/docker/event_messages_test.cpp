#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "docker/event_messages.hpp"

using namespace chora::docker;
using nlohmann::json;

namespace {

// Lines as the engine sent them (events-stream-health.txt, events-lifecycle.txt).
const std::string kStart =
    R"({"status":"start","id":"067e3fadf1069396a88f68c20759abf454b7c7ffc58e2d5a7d3fb81d75d10dc7",)"
    R"("from":"apiref-bb:1","Type":"container","Action":"start","Actor":{"ID":)"
    R"("067e3fadf1069396a88f68c20759abf454b7c7ffc58e2d5a7d3fb81d75d10dc7","Attributes":)"
    R"({"image":"apiref-bb:1","name":"apiref-web","org.apiref.project":"demo",)"
    R"("org.apiref.purpose":"api-reference-test","org.apiref.service":"web"}},)"
    R"("scope":"local","time":1796301716,"timeNano":1796301716781310377})";

const std::string kHealthy =
    R"({"status":"health_status: healthy","id":)"
    R"("067e3fadf1069396a88f68c20759abf454b7c7ffc58e2d5a7d3fb81d75d10dc7","from":"apiref-bb:1",)"
    R"("Type":"container","Action":"health_status: healthy","Actor":{"ID":)"
    R"("067e3fadf1069396a88f68c20759abf454b7c7ffc58e2d5a7d3fb81d75d10dc7","Attributes":)"
    R"({"image":"apiref-bb:1","name":"apiref-web","org.apiref.project":"demo",)"
    R"("org.apiref.purpose":"api-reference-test","org.apiref.service":"web"}},)"
    R"("scope":"local","time":1796301717,"timeNano":1796301717883337103})";

const std::string kDie =
    R"({"status":"die","id":"cd22c7149590ed6cd99328bc17139864500cc0bea5ed5ebf577b8e4eef319bda",)"
    R"("from":"apiref-bb:1","Type":"container","Action":"die","Actor":{"ID":)"
    R"("cd22c7149590ed6cd99328bc17139864500cc0bea5ed5ebf577b8e4eef319bda","Attributes":)"
    R"({"exitCode":"137","image":"apiref-bb:1","name":"apiref-life","org.apiref.project":"demo",)"
    R"("org.apiref.purpose":"api-reference-test"}},"scope":"local","time":1796302275,)"
    R"("timeNano":1796302275938910124})";

const std::string kExecDie =
    R"({"status":"exec_die","id":"067e3fadf106","from":"apiref-bb:1","Type":"container",)"
    R"("Action":"exec_die","Actor":{"ID":"067e3fadf106","Attributes":{"execID":"2d9f6229bda0",)"
    R"("exitCode":"0","image":"apiref-bb:1","name":"apiref-web","org.apiref.project":"demo"}},)"
    R"("scope":"local","time":1796301717,"timeNano":1796301717873967680})";

const std::string kNetworkConnect =
    R"({"Type":"network","Action":"connect","Actor":{"ID":"239bd60da955","Attributes":)"
    R"({"container":"cd22c7149590","name":"apiref-net","type":"bridge"}},"scope":"local",)"
    R"("time":1796302274,"timeNano":1796302274100000000})";

EngineEvent event(std::string action, std::string id, std::int64_t time_nano) {
  EngineEvent result;
  result.action = std::move(action);
  result.container_id = std::move(id);
  result.time_nano = time_nano;
  return result;
}

}  // namespace

TEST_CASE("the events filter names only keys the engine knows", "[docker]") {
  EventFilter filter;
  filter.labels = {{"io.chora-deploy.project", "demo"}, {"io.chora-deploy.service", ""}};
  filter.actions = {"start", "die", "health_status"};
  CHECK(json::parse(event_filters_json(filter)) == json::parse(R"({
    "type": ["container"],
    "label": ["io.chora-deploy.project=demo", "io.chora-deploy.service"],
    "event": ["start", "die", "health_status"]})"));

  // An empty filter must still not stream the engine's every network and image event.
  CHECK(json::parse(event_filters_json(EventFilter{})) == json::parse(R"({"type":["container"]})"));
}

TEST_CASE("since is written as exact fractional Unix seconds", "[docker]") {
  CHECK(unix_seconds(1796302275938910124) == "1796302275.938910124");
  CHECK(unix_seconds(1796302891500000000) == "1796302891.500000000");
  CHECK(unix_seconds(1796302891000000007) == "1796302891.000000007");
  CHECK(unix_seconds(0) == "0.000000000");
}

TEST_CASE("a line cut anywhere between reads comes out whole", "[docker]") {
  const std::string body = kStart + "\n" + kDie + "\n";
  for (std::size_t cut = 1; cut < body.size(); cut += 37) {
    LineSplitter splitter;
    std::vector<std::string> lines = splitter.feed(std::string_view(body).substr(0, cut));
    for (std::string& line : splitter.feed(std::string_view(body).substr(cut))) {
      lines.push_back(std::move(line));
    }
    CHECK(lines == std::vector<std::string>{kStart, kDie});
  }
}

TEST_CASE("bytes fed one at a time give the same lines, and a partial one waits", "[docker]") {
  LineSplitter splitter;
  std::vector<std::string> lines;
  for (char byte : kHealthy + "\n\n" + kExecDie) {
    for (std::string& line : splitter.feed(std::string_view(&byte, 1))) {
      lines.push_back(std::move(line));
    }
  }
  CHECK(lines == std::vector<std::string>{kHealthy});  // kExecDie has no "\n" yet
  CHECK(splitter.feed("\n") == std::vector<std::string>{kExecDie});
}

TEST_CASE("a line longer than the limit is dropped and the next one still read", "[docker]") {
  LineSplitter splitter;
  const std::string huge(LineSplitter::kMaxLine + 10, 'x');
  CHECK(splitter.feed(huge.substr(0, 700000)).empty());
  CHECK(splitter.feed(huge.substr(700000)).empty());
  CHECK(splitter.feed("\n" + kDie + "\n") == std::vector<std::string>{kDie});
}

TEST_CASE("a start event gives the action, Actor.ID, labels and the exact timeNano", "[docker]") {
  const std::optional<EngineEvent> start = engine_event_from_json(kStart);
  REQUIRE(start.has_value());
  CHECK(start->action == "start");
  CHECK(start->container_id == "067e3fadf1069396a88f68c20759abf454b7c7ffc58e2d5a7d3fb81d75d10dc7");
  CHECK(start->attributes.at("name") == "apiref-web");
  CHECK(start->attributes.at("org.apiref.service") == "web");
  // Above 2^53: read through a double, it would come out as ...310400.
  CHECK(start->time_nano == 1796301716781310377);
}

TEST_CASE("a health event keeps its whole action and a die event its exit code", "[docker]") {
  CHECK(engine_event_from_json(kHealthy)->action == "health_status: healthy");
  const std::optional<EngineEvent> die = engine_event_from_json(kDie);
  REQUIRE(die.has_value());
  CHECK(die->action == "die");
  CHECK(die->attributes.at("exitCode") == "137");
  CHECK(die->time_nano == 1796302275938910124);
  CHECK(engine_event_from_json(kExecDie)->attributes.at("execID") == "2d9f6229bda0");
}

TEST_CASE("lines that are not container events give nothing", "[docker]") {
  CHECK_FALSE(engine_event_from_json(kNetworkConnect).has_value());
  CHECK_FALSE(engine_event_from_json("not json").has_value());
  CHECK_FALSE(engine_event_from_json(kStart.substr(0, 100)).has_value());
  CHECK_FALSE(engine_event_from_json("[1,2]").has_value());
  CHECK_FALSE(engine_event_from_json(R"({"Type":"container","Action":"start"})").has_value());
  CHECK_FALSE(engine_event_from_json(R"({"Type":"container","Actor":{"ID":"x"}})").has_value());
}

TEST_CASE("attributes that are not strings are kept as their JSON text", "[docker]") {
  const std::optional<EngineEvent> parsed = engine_event_from_json(
      R"({"Type":"container","Action":"die","Actor":{"ID":"x","Attributes":{"n":3,"b":true}},)"
      R"("time":1796302275})");
  REQUIRE(parsed.has_value());
  CHECK(parsed->attributes.at("n") == "3");
  CHECK(parsed->attributes.at("b") == "true");
  CHECK(parsed->time_nano == 1796302275000000000);  // from `time` when timeNano is missing
}

TEST_CASE("health_status in a filter stands for every health action", "[docker]") {
  EventFilter filter;
  filter.actions = {"die", "health_status"};
  CHECK(event_matches(filter, *engine_event_from_json(kHealthy)));
  CHECK(event_matches(filter, *engine_event_from_json(kDie)));
  CHECK_FALSE(event_matches(filter, *engine_event_from_json(kStart)));
  CHECK_FALSE(event_matches(filter, *engine_event_from_json(kExecDie)));  // not "die"
  CHECK(event_matches(EventFilter{}, *engine_event_from_json(kExecDie)));
}

TEST_CASE("a filter's labels must all be carried, with the value when one is given", "[docker]") {
  const EngineEvent start = *engine_event_from_json(kStart);
  EventFilter filter;
  filter.labels = {{"org.apiref.project", "demo"}, {"org.apiref.service", ""}};
  CHECK(event_matches(filter, start));
  filter.labels["org.apiref.project"] = "other";
  CHECK_FALSE(event_matches(filter, start));
  filter.labels = {{"org.apiref.missing", ""}};
  CHECK_FALSE(event_matches(filter, start));
}

TEST_CASE("an event replayed after a reconnect is recognised as seen", "[docker]") {
  EventDeduplicator seen;
  CHECK(seen.first_sighting(event("start", "a", 100)));
  CHECK(seen.first_sighting(event("die", "a", 100)));
  CHECK(seen.first_sighting(event("start", "b", 100)));
  CHECK(seen.first_sighting(event("start", "a", 101)));
  CHECK_FALSE(seen.first_sighting(event("start", "a", 100)));
  CHECK_FALSE(seen.first_sighting(event("die", "a", 100)));
}

TEST_CASE("the deduplicator forgets the oldest events beyond its capacity", "[docker]") {
  EventDeduplicator seen(2);
  CHECK(seen.first_sighting(event("start", "a", 1)));
  CHECK(seen.first_sighting(event("start", "a", 2)));
  CHECK(seen.first_sighting(event("start", "a", 3)));
  CHECK_FALSE(seen.first_sighting(event("start", "a", 3)));
  CHECK(seen.first_sighting(event("start", "a", 1)));  // forgotten
}
