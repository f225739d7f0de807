#include "rollout/service_record.hpp"

#include <algorithm>

namespace chora::rollout {

bool ServiceRecord::stopped(const std::string& id) const {
  return std::find(stopped_old.begin(), stopped_old.end(), id) != stopped_old.end();
}

bool ServiceRecord::keeps(const std::string& id) const {
  bool keeps_current = state == State::kUnchanged || action.kind == plan::ActionKind::kScale;
  return keeps_current && !stopped(id) &&
         std::any_of(action.current.begin(), action.current.end(),
                     [&id](const plan::ContainerRef& container) { return container.id == id; });
}

std::vector<ServiceRecord::Created> ServiceRecord::serving() const {
  std::vector<Created> containers;
  for (const plan::ContainerRef& container : action.current) {
    if (keeps(container.id)) containers.push_back({container.id, container.name});
  }
  containers.insert(containers.end(), created.begin(), created.end());
  return containers;
}

std::vector<std::string> ServiceRecord::serving_ids() const {
  std::vector<std::string> ids;
  for (const Created& container : serving()) ids.push_back(container.id);
  return ids;
}

report::StepEvent service_event(const ServiceRecord& record, report::Step step,
                                report::Status status) {
  report::StepEvent event;
  event.step = step;
  event.status = status;
  event.service = record.action.service;
  event.version = record.action.version;
  event.previous_version = record.action.current_version();
  event.action = std::string(plan::action_name(record.action.kind));
  if (record.action.kind == plan::ActionKind::kUpdate) {
    event.strategy = std::string(plan::strategy_name(record.action.strategy));
  }
  event.wave = record.action.wave;
  event.replicas = record.action.replicas;
  event.reasons = record.action.reasons;
  return event;
}

report::StepEvent container_event(const ServiceRecord& record, report::Step step,
                                  report::Status status, const ServiceRecord::Created& container) {
  report::StepEvent event = service_event(record, step, status);
  event.container_id = container.id;
  event.container_name = container.name;
  return event;
}

}  // namespace chora::rollout
