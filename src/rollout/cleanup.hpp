#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "rollout/release_context.hpp"
#include "rollout/service_record.hpp"

namespace chora::rollout {

// What a committed release no longer needs: the old containers of every service that
// passed, leftovers of earlier runs, the services that left the manifest, and a network
// of this environment that the release moved away from. Each removal is reported as an
// event; one that fails is a warning, not a failed release (the new release runs, and
// the next plan shows what is left).
class Cleanup {
 public:
  explicit Cleanup(const ReleaseContext& context) : context_(context) {}

  // Returns the warnings.
  std::vector<std::string> run(const std::map<std::string, ServiceRecord>& records);

 private:
  void remove(const plan::ContainerRef& container, const std::string& service, report::Step step);
  void remove_old_networks();

  const ReleaseContext& context_;
  std::set<std::string> old_networks_;
  std::vector<std::string> warnings_;
};

}  // namespace chora::rollout
