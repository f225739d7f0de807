#include "manifest/service_rules.hpp"

#include <algorithm>

#include "manifest/ports.hpp"
#include "util/duration.hpp"

namespace chora::manifest {

namespace {

// What the checks of one service share.
struct RuleScope {
  YamlReader& reader;
  const Service& service;
  std::string path;  // "services.chora-indexer"

  // `key` was written and its value accepted.
  bool accepted(const std::string& key) const {
    return service.locations.count(key) > 0 && !reader.reported(join_path(path, key));
  }
  void report(const std::string& key, std::string message, std::string hint) {
    reader.report(service.location_of(key), join_path(path, key), std::move(message),
                  std::move(hint));
  }
};

std::string plural(int count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

// Every replica would bind the same host port.
void check_replicas(RuleScope& scope) {
  const Service& service = scope.service;
  if (service.replicas < 2 || service.ports.empty() || !scope.accepted("replicas")) return;
  scope.report("replicas",
               plural(service.replicas, "replica") + " cannot all publish host port " +
                   host_address(service.ports[0]),
               "a host port can be bound by one container only: publish it from a service with "
               "one replica, or put a proxy in front that reaches the replicas on the release "
               "network");
}

void check_update(RuleScope& scope) {
  const Service& service = scope.service;
  bool replicas_ok = !scope.reader.reported(join_path(scope.path, "replicas"));
  if (scope.accepted("update.parallelism") && replicas_ok &&
      service.update.parallelism > service.replicas) {
    scope.report("update.parallelism",
                 "parallelism " + std::to_string(service.update.parallelism) +
                     " is more than the service's " + plural(service.replicas, "replica"),
                 "an update replaces at most every replica in one batch; lower parallelism or "
                 "raise replicas");
  }
  if (service.update.order == UpdateOrder::kStartFirst && !service.ports.empty()) {
    scope.report("update.order",
                 "start-first cannot work with host port " + host_address(service.ports[0]) +
                     ": the new container would need it while the old one still holds it",
                 "write 'order: stop-first', or leave 'order' out to have it chosen "
                 "automatically (stop-first when a host port is published)");
  }
}

// A task passes by exiting 0 within health.timeout: nothing else about its health, its
// replicas or its update applies.
void check_task(RuleScope& scope) {
  const Service& service = scope.service;
  if (service.replicas > 1 && scope.accepted("replicas")) {
    scope.report("replicas",
                 "a task runs as one container, not " + plural(service.replicas, "replica"),
                 "a task runs once to completion; remove 'replicas' or 'task'");
  }
  if (service.locations.count("update") > 0) {
    scope.report("update", "update does not apply to a task",
                 "a task is run to completion, not replaced batch by batch; remove 'update'");
  }
  for (const char* key :
       {"health.http", "health.tcp", "health.liveness", "health.readiness", "health.smoke",
        "health.require", "health.interval", "health.stable_for"}) {
    if (service.locations.count(key) == 0) continue;
    scope.report(key, std::string(key) + " does not apply to a task",
                 "a task passes by exiting 0 within health.timeout; only 'timeout' may be set "
                 "in its health");
  }
}

// A file must not land where one of the service's secrets is mounted.
void check_file_targets(RuleScope& scope) {
  const Service& service = scope.service;
  for (std::size_t i = 0; i < service.files.size(); ++i) {
    const std::string& target = service.files[i].target;
    for (const std::string& secret : service.secrets) {
      std::string mounted = "/run/secrets/" + secret;
      bool same = target == mounted;
      if (!same && target.rfind(mounted + "/", 0) != 0) continue;
      scope.report("files[" + std::to_string(i) + "].target",
                   "target '" + target + "' is " +
                       (same ? "where" : "under '" + mounted + "', where") + " secret '" + secret +
                       "' is mounted",
                   "choose another target, or take '" + secret +
                       "' out of this service's "
                       "secrets");
      break;
    }
  }
}

// Docker runs a healthcheck's first test one interval after the start: an interval as long
// as the health timeout would fail every gate that waits for it.
void check_healthcheck_interval(RuleScope& scope) {
  const Service& service = scope.service;
  if (!service.healthcheck || !service.healthcheck->interval) return;
  if (service.healthcheck->test == std::vector<std::string>{"NONE"}) return;
  const std::vector<HealthLevel>& require = service.health.require;
  bool required = require.empty() || std::find(require.begin(), require.end(),
                                               HealthLevel::kHealthcheck) != require.end();
  if (!required || scope.reader.reported(join_path(scope.path, "health.timeout"))) return;
  if (*service.healthcheck->interval < service.health.timeout) return;

  scope.report("healthcheck.interval",
               "healthcheck interval " + format_duration(*service.healthcheck->interval) +
                   " is not shorter than the health timeout " +
                   format_duration(service.health.timeout),
               "Docker runs the first check one interval after the container starts, so the "
               "service could not turn healthy in time; shorten the interval or lengthen "
               "health.timeout");
}

}  // namespace

void check_service_rules(YamlReader& reader, const Service& service, const std::string& path) {
  RuleScope scope{reader, service, path};
  check_file_targets(scope);
  if (service.task) {
    check_task(scope);
    return;
  }
  check_replicas(scope);
  check_update(scope);
  check_healthcheck_interval(scope);
}

}  // namespace chora::manifest
