#include "rollout/reverse_order.hpp"

#include <condition_variable>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

namespace chora::rollout {
namespace {

// Every service that depends on `service`, directly or through others.
std::set<std::string> all_dependents(const graph::DependencyGraph& graph,
                                     const std::string& service) {
  std::set<std::string> found;
  std::vector<std::string> next = {service};
  while (!next.empty()) {
    std::string current = next.back();
    next.pop_back();
    for (const std::string& dependent : graph.dependents_of(current)) {
      if (found.insert(dependent).second) next.push_back(dependent);
    }
  }
  return found;
}

}  // namespace

void undo_in_reverse_dependency_order(const graph::DependencyGraph& graph,
                                      const std::vector<std::string>& services,
                                      const std::function<void(const std::string&)>& undo) {
  std::map<std::string, std::set<std::string>> dependents;
  for (const std::string& service : services) dependents[service] = all_dependents(graph, service);

  std::mutex mutex;
  std::condition_variable changed;
  std::set<std::string> waiting(services.begin(), services.end());
  std::set<std::string> unfinished = waiting;
  auto ready = [&](const std::string& service) {
    for (const std::string& dependent : dependents[service]) {
      if (unfinished.count(dependent) > 0) return false;
    }
    return true;
  };
  auto finish = [&](const std::string& service) {
    std::lock_guard<std::mutex> lock(mutex);
    unfinished.erase(service);
    changed.notify_all();
  };

  std::vector<std::thread> workers;
  std::unique_lock<std::mutex> lock(mutex);
  while (!unfinished.empty()) {
    bool finished_here = false;
    for (auto it = waiting.begin(); it != waiting.end();) {
      if (!ready(*it)) {
        ++it;
        continue;
      }
      std::string service = *it;
      it = waiting.erase(it);
      try {
        workers.emplace_back([&undo, &finish, service] {
          undo(service);
          finish(service);
        });
      } catch (const std::system_error&) {
        // No thread to be had: undo it here; the others wait meanwhile.
        lock.unlock();
        undo(service);
        lock.lock();
        unfinished.erase(service);
        finished_here = true;
      }
    }
    // Something finished here may have made others ready; otherwise wait for a worker.
    if (!finished_here && !unfinished.empty()) changed.wait(lock);
  }
  lock.unlock();
  for (std::thread& worker : workers) worker.join();
}

}  // namespace chora::rollout
