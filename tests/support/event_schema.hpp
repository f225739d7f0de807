#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace chora::testing {

// Problems valijson finds in `event` against schemas/deployment-event.schema.json;
// empty when the event is valid.
std::vector<std::string> deployment_event_problems(const nlohmann::json& event);

// Every line of a deployment.jsonl file, parsed. A line that is not JSON becomes a
// string holding the line, which no schema accepts.
std::vector<nlohmann::json> read_event_lines(const std::string& path);

}  // namespace chora::testing
