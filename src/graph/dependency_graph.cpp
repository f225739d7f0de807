#include "graph/dependency_graph.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/topological_sort.hpp>

#include "graph/dependency_cycles.hpp"
#include "manifest/diagnostic.hpp"

namespace chora::graph {
namespace {

// Edges point from a service to what it depends on, so a path reads like the manifest:
// "search -> indexer" means search depends on indexer.
using BoostGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
using Vertex = BoostGraph::vertex_descriptor;

BoostGraph make_boost_graph(const manifest::Manifest& manifest,
                            const std::map<std::string, Vertex>& index) {
  BoostGraph graph(manifest.services.size());
  for (const manifest::Service& service : manifest.services) {
    for (const std::string& dependency : service.depends_on) {
      // The loader refuses both; a graph of them would make no sense of its waves.
      if (dependency == service.name || index.count(dependency) == 0) {
        throw std::logic_error("dependency graph of an unchecked manifest: service '" +
                               service.name + "' depends on '" + dependency + "'");
      }
      boost::add_edge(index.at(service.name), index.at(dependency), graph);
    }
  }
  return graph;
}

}  // namespace

DependencyGraph DependencyGraph::build(const manifest::Manifest& manifest) {
  DependencyGraph result;
  std::map<std::string, Vertex> index;
  for (const manifest::Service& service : manifest.services) {
    index[service.name] = result.services_.size();
    result.services_.push_back(service.name);
    result.dependencies_[service.name] = service.depends_on;
    result.dependents_[service.name];
  }
  for (const manifest::Service& service : manifest.services) {
    for (const std::string& dependency : service.depends_on) {
      result.dependents_[dependency].push_back(service.name);
    }
  }

  // app::load_release reports cycles with the manifest's other mistakes; this guards a
  // manifest that did not come through it.
  std::vector<manifest::Diagnostic> cycles = find_dependency_cycles(manifest);
  if (!cycles.empty()) throw manifest::ManifestError(std::move(cycles), manifest.source);

  BoostGraph graph = make_boost_graph(manifest, index);

  // topological_sort emits a vertex after everything it points to: dependencies first.
  std::vector<Vertex> order;
  boost::topological_sort(graph, std::back_inserter(order));
  for (Vertex v : order) {
    int wave = 1;
    for (const std::string& dependency : result.dependencies_[result.services_[v]]) {
      wave = std::max(wave, result.wave_of_.at(dependency) + 1);
    }
    result.wave_of_[result.services_[v]] = wave;
  }

  for (const std::string& name : result.services_) {
    std::size_t wave = result.wave_of_.at(name);
    if (result.waves_.size() < wave) result.waves_.resize(wave);
    result.waves_[wave - 1].push_back(name);
  }
  return result;
}

const std::vector<std::string>& DependencyGraph::dependencies_of(const std::string& service) const {
  return dependencies_.at(service);
}

const std::vector<std::string>& DependencyGraph::dependents_of(const std::string& service) const {
  return dependents_.at(service);
}

int DependencyGraph::wave_of(const std::string& service) const {
  return wave_of_.at(service);
}

std::vector<std::string> DependencyGraph::rollout_order() const {
  std::vector<std::string> order;
  for (const std::vector<std::string>& wave : waves_) {
    order.insert(order.end(), wave.begin(), wave.end());
  }
  return order;
}

std::string DependencyGraph::to_dot(const std::string& graph_name) const {
  std::ostringstream out;
  out << "digraph \"" << graph_name << "\" {\n";
  out << "  rankdir=BT;\n  node [shape=box];\n";
  for (std::size_t i = 0; i < waves_.size(); ++i) {
    out << "  subgraph wave_" << i + 1 << " {\n    rank=same;\n";
    for (const std::string& name : waves_[i]) {
      out << "    \"" << name << "\" [label=\"" << name << "\\nwave " << i + 1 << "\"];\n";
    }
    out << "  }\n";
  }
  for (const std::string& name : services_) {
    for (const std::string& dependency : dependencies_.at(name)) {
      out << "  \"" << name << "\" -> \"" << dependency << "\";\n";
    }
  }
  out << "}\n";
  return out.str();
}

}  // namespace chora::graph
