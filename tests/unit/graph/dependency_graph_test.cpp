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

TEST_CASE("a graph is never built from a manifest with a cycle", "[graph]") {
  // Made by hand: the loader would have refused them.
  chora::manifest::Manifest cyclic = parse_manifest(kDiamond, "diamond.yaml");
  chora::manifest::Manifest self = cyclic;
  for (chora::manifest::Service& service : cyclic.services) {
    if (service.name == "config") service.depends_on.push_back("gateway");
  }
  for (chora::manifest::Service& service : self.services) {
    if (service.name == "config") service.depends_on.push_back("config");
  }

  CHECK_THROWS_AS(DependencyGraph::build(cyclic), ManifestError);
  CHECK_THROWS_AS(DependencyGraph::build(self), std::logic_error);
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
