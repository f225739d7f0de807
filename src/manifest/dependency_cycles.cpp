#include "manifest/dependency_cycles.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>

namespace chora::manifest {
namespace {

// Edges point from a service to what it depends on, so a path reads like the manifest:
// "search -> indexer" means search depends on indexer. Each edge carries the index of its
// depends_on entry, so a cycle can be reported where the manifest closes it.
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                                    std::size_t>;
using Vertex = Graph::vertex_descriptor;
using Edge = Graph::edge_descriptor;

struct Cycle {
  std::vector<Vertex> path;   // from the repeated vertex round to the one before it
  std::size_t closing_entry;  // the depends_on entry of path.back() that leads back
};

// Depth-first visitor that keeps the current path; every back edge closes one cycle.
class CycleCollector : public boost::default_dfs_visitor {
 public:
  explicit CycleCollector(std::vector<Cycle>& found) : found_(found) {}

  void discover_vertex(Vertex v, const Graph&) { path_.push_back(v); }
  void finish_vertex(Vertex, const Graph&) { path_.pop_back(); }

  void back_edge(Edge edge, const Graph& graph) {
    auto start = std::find(path_.begin(), path_.end(), boost::target(edge, graph));
    found_.push_back({std::vector<Vertex>(start, path_.end()), graph[edge]});
  }

 private:
  std::vector<Cycle>& found_;
  std::vector<Vertex> path_;
};

Graph make_graph(const Manifest& manifest) {
  std::map<std::string, Vertex> index;
  for (std::size_t i = 0; i < manifest.services.size(); ++i) {
    index.emplace(manifest.services[i].name, i);
  }

  Graph graph(manifest.services.size());
  for (std::size_t from = 0; from < manifest.services.size(); ++from) {
    const Service& service = manifest.services[from];
    std::set<std::string> seen;
    for (std::size_t entry = 0; entry < service.depends_on.size(); ++entry) {
      const std::string& name = service.depends_on[entry];
      auto to = index.find(name);
      if (to == index.end() || to->second == from || !seen.insert(name).second) continue;
      boost::add_edge(from, to->second, entry, graph);
    }
  }
  return graph;
}

Diagnostic describe(const Manifest& manifest, const Cycle& cycle) {
  std::string text;
  for (Vertex v : cycle.path) text += manifest.services[v].name + " -> ";
  text += manifest.services[cycle.path.front()].name;

  const Service& closing = manifest.services[cycle.path.back()];
  std::string field = "depends_on[" + std::to_string(cycle.closing_entry) + "]";
  return {closing.location_of(field), "services." + closing.name + "." + field,
          "dependency cycle: " + text,
          "a service cannot wait for itself; remove one of these dependencies"};
}

}  // namespace

std::vector<Diagnostic> check_dependency_cycles(const Manifest& manifest) {
  std::vector<Cycle> cycles;
  Graph graph = make_graph(manifest);
  boost::depth_first_search(graph, boost::visitor(CycleCollector(cycles)));

  std::vector<Diagnostic> diagnostics;
  for (const Cycle& cycle : cycles) diagnostics.push_back(describe(manifest, cycle));
  return diagnostics;
}

}  // namespace chora::manifest
