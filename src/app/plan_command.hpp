#pragma once

#include <string>

#include "app/options.hpp"

namespace chora::app {

struct PlanOptions {
  std::string manifest_path;
  std::string output = "text";  // text|json
  bool detailed_exitcode = false;
};

// chora-deploy plan: reads what runs, prints what apply would do; changes nothing.
// Returns 0, or with detailed_exitcode 2 when there are changes (as Terraform does).
int run_plan(const GlobalOptions& global, const PlanOptions& options);

}  // namespace chora::app
