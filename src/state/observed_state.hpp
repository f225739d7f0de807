#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "docker/engine.hpp"
#include "manifest/manifest.hpp"

namespace chora::state {

// One container chora-deploy created for an environment, as read back from its labels.
struct ObservedContainer {
  std::string id;
  std::string name;
  std::string service;
  std::string release;
  std::string version;
  int revision = 0;
  int replica = 0;  // its number among the service's replicas, 1-based; 0 when unlabelled
  std::string config_hash;
  std::map<std::string, std::string> config_parts;
  std::string state;   // created|running|paused|restarting|removing|exited|dead
  std::string status;  // the engine's human text, "Up 2 minutes (healthy)"
  std::vector<docker::PublishedPort> ports;
  int exit_code = -1;                          // from "Exited (N) ..." once it has exited; else -1
  std::string network;                         // where it was created
  std::optional<manifest::HealthSpec> health;  // the gate it was created with

  bool running() const { return state == "running"; }
  // Running, paused or restarting: its host ports are taken.
  bool holds_ports() const;
};

// Everything chora-deploy finds on the engine for one environment.
struct ObservedState {
  std::string environment;
  std::vector<ObservedContainer> containers;
  bool network_exists = false;
  // Revisions up to this one were handed out before, perhaps to attempts that left no
  // container behind (see read_last_revision).
  int revision_floor = 0;

  // The containers that serve `service` now: every running one (its replicas), or when
  // none runs, those of its highest revision (an exited replica set, a finished task).
  // Sorted by name. Empty when the service has no container.
  std::vector<const ObservedContainer*> current(const std::string& service) const;

  // Every container of `service` that is not current: leftovers to clean up.
  std::vector<const ObservedContainer*> leftovers(const std::string& service) const;

  // What is deployed of `service`, as status and health show it: the current containers
  // and, while fewer than `replicas` run (0: whatever runs), the stopped ones of the
  // newest revision that runs: replicas that exited since. A stopped one of it while
  // enough run is a replica a scale down retired and could not remove: a leftover.
  // Sorted by name.
  std::vector<const ObservedContainer*> deployed(const std::string& service, int replicas) const;

  // Names of every service with at least one container, sorted.
  std::set<std::string> services() const;

  // Highest revision of any container, or the floor when that is higher.
  int highest_revision() const;
};

// Reads an environment's containers (found by label) and whether `network` exists.
ObservedState read_observed_state(docker::Engine& engine, const std::string& environment,
                                  const std::string& network);

// A port the engine reports as published, in the manifest's terms, so the two can be
// compared with manifest::host_ports_overlap.
manifest::PortMapping port_mapping_of(const docker::PublishedPort& port);

// Converts a list row into an ObservedContainer (labels decoded; bad numbers become 0).
ObservedContainer observed_from_summary(const docker::ContainerSummary& summary);

}  // namespace chora::state
