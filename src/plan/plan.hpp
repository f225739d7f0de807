#pragma once

#include <optional>
#include <string>
#include <vector>

#include "graph/dependency_graph.hpp"
#include "manifest/manifest.hpp"
#include "plan/fingerprint.hpp"
#include "state/observed_state.hpp"

namespace chora::plan {

enum class ActionKind {
  kCreate,     // no container for the service yet
  kUpdate,     // replace the current container with a new one
  kScale,      // same containers, another number of them: add or stop only the difference
  kUnchanged,  // the running container already matches; not touched
  kRemove,     // the service left the manifest; removed once the release passes
};

std::string_view action_name(ActionKind kind);  // "create", "update", ...

// How an update replaces the old container.
enum class Strategy {
  kStartFirst,  // new container healthy before the old one stops (no downtime)
  kStopFirst,   // old container stops first: forced when both would bind one host port
};

std::string_view strategy_name(Strategy strategy);  // "start-first", "stop-first"

// A container of the current state an action refers to.
struct ContainerRef {
  std::string id;
  std::string name;
  std::string version;
  int revision = 0;
  int replica = 0;                             // 1-based; 0 when unlabelled
  bool running = false;                        // serving: a rollback must bring it back
  bool holds_ports = false;                    // running, paused or restarting
  std::string network;                         // the network it was created on
  std::optional<manifest::HealthSpec> health;  // the gate it was created with
};

// What apply will do to one service, and why.
struct Action {
  std::string service;
  ActionKind kind = ActionKind::kUnchanged;
  int wave = 0;                      // 1-based; 0 for removals
  std::string version;               // the version after the action
  std::vector<std::string> reasons;  // "version 1.0.0 -> 1.1.0", "env changed", ...
  Strategy strategy = Strategy::kStartFirst;
  std::string strategy_reason;          // why stop-first was chosen; empty otherwise
  int replicas = 1;                     // containers after the action
  int replicas_before = 0;              // containers serving now
  int parallelism = 1;                  // replicas replaced (or added, by a scale) per batch
  int revision = 0;                     // the revision label of the containers it creates
  int first_replica = 1;                // the number of the first container it creates
  bool task = false;                    // a one-shot task: run to completion
  std::vector<std::string> gates;       // what each new container must pass, in words
  Fingerprint fingerprint;              // of the desired containers (empty for removals)
  std::vector<ContainerRef> current;    // the containers serving the service now
  std::vector<ContainerRef> leftovers;  // other old containers, removed at commit
  std::vector<ContainerRef> retiring;   // kScale down: replicas stopped, removed at commit

  bool changes() const { return kind != ActionKind::kUnchanged; }

  // The version running now: of the first current container; empty when none.
  std::string current_version() const;

  // How many containers it creates: every replica for a create or an update, the added
  // ones for a scale, none for the rest.
  int new_containers() const;

  // How many batches its new containers come in: new_containers / parallelism, rounded up.
  int batches() const;
};

// What apply would do to bring an environment to a manifest. Pure data: computed from
// the manifest and the observed state, without talking to the engine.
struct Plan {
  std::string release;
  std::string environment;
  std::string network;
  bool create_network = false;
  int revision = 0;  // revision the changed containers get
  // The release the environment runs now, when it is another one than the manifest's:
  // pointing a manifest at the wrong environment shows here before anything is removed.
  std::string replaces_release;
  std::vector<std::vector<Action>> waves;  // create/update/unchanged, by wave
  std::vector<Action> removals;            // services no longer in the manifest
  // Why apply must refuse this plan, e.g. a host port that would have to move from one
  // service to another within the release; `plan` adds the preflight's problems. Empty
  // when it can be applied.
  std::vector<std::string> blockers;

  // True when apply would change anything: a service, the network, or leftovers.
  bool has_changes() const;

  // The action for `service` (waves and removals); nullptr if none.
  const Action* find(const std::string& service) const;

  // Number of actions of `kind`.
  int count(ActionKind kind) const;

  // "1 to create, 2 to update, 0 unchanged, 0 to remove" ("N to scale, " too when some
  // services only change their number of replicas).
  std::string summary() const;
};

// How the configuration of `current` differs from the one the manifest wants (its
// `version`, its `desired` fingerprint), in words: "version 1.0.0 -> 1.1.0", "env changed".
// Empty when they are the same.
std::vector<std::string> configuration_changes(const state::ObservedContainer& current,
                                               const std::string& version,
                                               const Fingerprint& desired);

// Compares the manifest with what runs and decides each service's action.
Plan make_plan(const manifest::Manifest& manifest, const graph::DependencyGraph& graph,
               const state::ObservedState& observed);

}  // namespace chora::plan
