#pragma once

#include <map>
#include <string>
#include <vector>

#include "manifest/manifest.hpp"

namespace chora::graph {

// The services of a release and their depends_on edges, checked for cycles, with the
// waves a person reads in a plan: wave 1 holds the services that depend on nothing,
// wave N the services whose longest chain of dependencies is N-1 long. Waves are for
// reading; the rollout itself starts a service as soon as its own dependencies pass.
class DependencyGraph {
 public:
  // Builds the graph of a loaded manifest (whose dependencies all name other services).
  // Throws manifest::ManifestError with its cycles, as find_dependency_cycles reports
  // them, and std::logic_error for a dependency the loader would have refused.
  static DependencyGraph build(const manifest::Manifest& manifest);

  // Service names in manifest order.
  const std::vector<std::string>& services() const { return services_; }

  // What `service` depends on, in manifest order.
  const std::vector<std::string>& dependencies_of(const std::string& service) const;

  // The services that depend on `service` directly, in manifest order.
  const std::vector<std::string>& dependents_of(const std::string& service) const;

  // Waves in order; inside a wave, services keep manifest order.
  const std::vector<std::vector<std::string>>& waves() const { return waves_; }

  // 1-based wave of `service`.
  int wave_of(const std::string& service) const;

  // Every service after all of its dependencies: wave by wave, manifest order inside.
  std::vector<std::string> rollout_order() const;

  // Graphviz text: one node per service, an edge from each service to what it needs,
  // services of one wave on one rank.
  std::string to_dot(const std::string& graph_name) const;

 private:
  std::vector<std::string> services_;
  std::map<std::string, std::vector<std::string>> dependencies_;
  std::map<std::string, std::vector<std::string>> dependents_;
  std::vector<std::vector<std::string>> waves_;
  std::map<std::string, int> wave_of_;
};

}  // namespace chora::graph
