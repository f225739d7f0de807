#include "graph/dependency_graph.hpp"

#include <catch2/catch.hpp>

#include "manifest/loader.hpp"

using chora::graph::DependencyGraph;
using chora::manifest::ManifestError;
using chora::manifest::parse_manifest;

namespace {

const char* const kDiamond = R"(release: r1
environment: dev
services:
  gateway:
    image: chora/gateway
    version: "1"
    depends_on: [search]
  search:
    image: chora/search
    version: "1"
    depends_on: [indexer, compose]
  indexer:
    image: chora/indexer
    version: "1"
    depends_on: [config]
  compose:
    image: chora/compose
    version: "1"
    depends_on: [config]
  config:
    image: chora/config
    version: "1"
  docs:
    image: chora/docs
    version: "1"
)";

}  // namespace

TEST_CASE("waves follow the longest chain of dependencies", "[graph]") {
  DependencyGraph graph = DependencyGraph::build(parse_manifest(kDiamond, "diamond.yaml"));

  using Waves = std::vector<std::vector<std::string>>;
  CHECK(graph.waves() ==
        Waves{{"config", "docs"}, {"indexer", "compose"}, {"search"}, {"gateway"}});
  CHECK(graph.wave_of("search") == 3);
  CHECK(graph.rollout_order() ==
        std::vector<std::string>{"config", "docs", "indexer", "compose", "search", "gateway"});
}

TEST_CASE("a service knows what it needs and what needs it", "[graph]") {
  DependencyGraph graph = DependencyGraph::build(parse_manifest(kDiamond, "diamond.yaml"));

  CHECK(graph.dependencies_of("search") == std::vector<std::string>{"indexer", "compose"});
  CHECK(graph.dependents_of("config") == std::vector<std::string>{"indexer", "compose"});
  CHECK(graph.dependents_of("gateway").empty());
}

TEST_CASE("a cycle is an error at the dependency that closes it, showing the cycle", "[graph]") {
  const char* text = R"(release: r1
environment: dev
services:
  a:
    image: x/a
    version: "1"
    depends_on: [c]
  b:
    image: x/b
    version: "1"
    depends_on: [a]
  c:
    image: x/c
    version: "1"
    depends_on:
      - b
)";
  chora::manifest::Manifest manifest = parse_manifest(text, "cycle.yaml");
  try {
    DependencyGraph::build(manifest);
    FAIL("no error for a cycle");
  } catch (const ManifestError& error) {
    CHECK(error.render() ==
          "cycle.yaml:11:18: error: services.b.depends_on[0]: dependency cycle: "
          "a -> c -> b -> a\n"
          "   11 |     depends_on: [a]\n"
          "      |                  ^\n"
          "hint: a service cannot wait for itself; remove one of these dependencies\n");
    CHECK(error.kind() == chora::ErrorKind::kInvalidManifest);
  }
}

TEST_CASE("graphviz output has one edge per dependency and one rank per wave", "[graph]") {
  DependencyGraph graph = DependencyGraph::build(parse_manifest(kDiamond, "diamond.yaml"));
  std::string dot = graph.to_dot("r1");

  CHECK(dot.rfind("digraph \"r1\" {", 0) == 0);
  CHECK(dot.find("\"search\" -> \"indexer\";") != std::string::npos);
  CHECK(dot.find("\"search\" -> \"compose\";") != std::string::npos);
  CHECK(dot.find("subgraph wave_4") != std::string::npos);
  CHECK(dot.find("subgraph wave_5") == std::string::npos);
}
