#include "rollout/service_record.hpp"

namespace chora::rollout {

report::StepEvent service_event(const ServiceRecord& record, report::Step step,
                                report::Status status) {
  report::StepEvent event;
  event.step = step;
  event.status = status;
  event.service = record.action.service;
  event.version = record.action.version;
  if (record.action.current) event.previous_version = record.action.current->version;
  event.action = std::string(plan::action_name(record.action.kind));
  if (record.action.kind == plan::ActionKind::kUpdate) {
    event.strategy = std::string(plan::strategy_name(record.action.strategy));
  }
  event.wave = record.action.wave;
  event.container_id = record.new_container_id;
  event.container_name = record.new_container_name;
  event.reasons = record.action.reasons;
  return event;
}

}  // namespace chora::rollout
