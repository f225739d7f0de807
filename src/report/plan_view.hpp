#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "plan/plan.hpp"

namespace chora::report {

// The plan as a person reads it: wave by wave, one line per service with its action,
// versions, strategy and reasons, then removals and a summary line.
std::string plan_to_text(const plan::Plan& plan);

// The plan for machines (plan -o json): the same facts, stable keys.
nlohmann::json plan_to_json(const plan::Plan& plan);

}  // namespace chora::report
