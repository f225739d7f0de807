#include "manifest/update_reader.hpp"

#include "util/suggest.hpp"

namespace chora::manifest {

namespace {

const std::vector<std::string> kUpdateKeys = {"parallelism", "order"};
const std::vector<std::string> kOrders = {"start-first", "stop-first"};

void read_order(ServiceScope& scope, const Field& field) {
  scope.record("order", field);
  std::optional<std::string> order = scope.reader.read_scalar(field, scope.path_of("order"));
  if (!order) return;

  if (*order == "start-first") {
    scope.service.update.order = UpdateOrder::kStartFirst;
  } else if (*order == "stop-first") {
    scope.service.update.order = UpdateOrder::kStopFirst;
  } else {
    std::optional<std::string> match = closest_match(*order, kOrders);
    scope.report(field, "order", "unknown update order '" + *order + "'",
                 match ? "did you mean '" + *match + "'?"
                       : "write start-first or stop-first, or leave 'order' out to have it "
                         "chosen automatically");
  }
}

}  // namespace

void read_replicas(ServiceScope& scope, const Field& field) {
  scope.record("replicas", field);
  std::optional<int> replicas = scope.reader.read_integer(field, scope.path_of("replicas"), 1,
                                                          kMaxReplicas, "a number of replicas");
  if (replicas) scope.service.replicas = *replicas;
}

void read_update(ServiceScope& scope, const Field& entry) {
  scope.record("update", entry);
  ServiceScope update = scope.nested("update");
  std::optional<FieldMap> fields = scope.reader.read_struct(entry, update.path, kUpdateKeys);
  if (!fields) return;

  if (const Field* parallelism = fields->find("parallelism")) {
    update.record("parallelism", *parallelism);
    std::optional<int> value = scope.reader.read_integer(
        *parallelism, update.path_of("parallelism"), 1, kMaxReplicas, "a number of replicas");
    if (value) scope.service.update.parallelism = *value;
  }
  if (const Field* order = fields->find("order")) read_order(update, *order);
}

void read_task(ServiceScope& scope, const Field& field) {
  scope.record("task", field);
  std::optional<bool> task = scope.reader.read_bool(field, scope.path_of("task"));
  if (task) scope.service.task = *task;
}

}  // namespace chora::manifest
