#include "graph/dependency_cycles.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

namespace chora::graph {
namespace {

// Edges point from a service to what it depends on, in depends_on order, so a path reads
// like the manifest: "search -> indexer" means search depends on indexer.
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
using Vertex = Graph::vertex_descriptor;

Graph make_graph(const manifest::Manifest& manifest) {
  std::map<std::string, Vertex> index;
  for (std::size_t i = 0; i < manifest.services.size(); ++i) {
    index.emplace(manifest.services[i].name, i);
  }

  Graph graph(manifest.services.size());
  for (std::size_t from = 0; from < manifest.services.size(); ++from) {
    std::set<Vertex> seen;
    for (const std::string& name : manifest.services[from].depends_on) {
      auto to = index.find(name);
      if (to == index.end() || to->second == from || !seen.insert(to->second).second) continue;
      boost::add_edge(from, to->second, graph);
    }
  }
  return graph;
}

// The shortest way from `start` round to itself through the members of its group, found
// breadth first: start first, each later vertex a dependency of the one before.
std::vector<Vertex> shortest_cycle(const Graph& graph, Vertex start,
                                   const std::vector<int>& group_of) {
  std::map<Vertex, Vertex> came_from;
  std::deque<Vertex> queue{start};
  while (!queue.empty()) {
    Vertex at = queue.front();
    queue.pop_front();
    for (auto [edge, end] = boost::out_edges(at, graph); edge != end; ++edge) {
      Vertex next = boost::target(*edge, graph);
      if (group_of[next] != group_of[start]) continue;
      if (next == start) {
        std::vector<Vertex> path{at};
        while (path.back() != start) path.push_back(came_from.at(path.back()));
        std::reverse(path.begin(), path.end());
        return path;
      }
      if (came_from.emplace(next, at).second) queue.push_back(next);
    }
  }
  return {start};  // not reached: every member of a group lies on a cycle through start
}

manifest::Diagnostic describe(const manifest::Manifest& manifest, const std::vector<Vertex>& cycle,
                              const std::vector<Vertex>& group) {
  std::string text;
  for (Vertex v : cycle) text += manifest.services[v].name + " -> ";
  text += manifest.services[cycle.front()].name;

  std::vector<std::string> others;
  for (Vertex v : group) {
    if (std::find(cycle.begin(), cycle.end(), v) == cycle.end()) {
      others.push_back("'" + manifest.services[v].name + "'");
    }
  }
  std::string hint =
      "each of these services would wait for the next forever; remove one of these dependencies";
  if (!others.empty()) {
    text += " (also through ";
    for (std::size_t i = 0; i < others.size(); ++i) text += (i ? ", " : "") + others[i];
    text += ")";
    hint = "these services all wait for each other; remove dependencies until none does";
  }

  const manifest::Service& closing = manifest.services[cycle.back()];
  const std::string& target = manifest.services[cycle.front()].name;
  auto entry = std::find(closing.depends_on.begin(), closing.depends_on.end(), target);
  std::string field = "depends_on[" + std::to_string(entry - closing.depends_on.begin()) + "]";
  return {closing.location_of(field), "services." + closing.name + "." + field,
          "dependency cycle: " + text, hint};
}

}  // namespace

std::vector<manifest::Diagnostic> find_dependency_cycles(const manifest::Manifest& manifest) {
  Graph graph = make_graph(manifest);
  std::vector<int> group_of(boost::num_vertices(graph));
  int groups = boost::strong_components(graph, group_of.data());

  // Members in manifest order; a group of one is no cycle (self-dependencies are skipped).
  std::vector<std::vector<Vertex>> members(static_cast<std::size_t>(groups));
  for (Vertex v = 0; v < group_of.size(); ++v) {
    members[static_cast<std::size_t>(group_of[v])].push_back(v);
  }
  std::sort(members.begin(), members.end());

  std::vector<manifest::Diagnostic> diagnostics;
  for (const std::vector<Vertex>& group : members) {
    if (group.size() < 2) continue;
    diagnostics.push_back(
        describe(manifest, shortest_cycle(graph, group.front(), group_of), group));
  }
  return diagnostics;
}

}  // namespace chora::graph
