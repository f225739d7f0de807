#include "support/event_schema.hpp"

#include <fstream>
#include <mutex>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace chora::testing {
namespace {

const valijson::Schema& event_schema() {
  static valijson::Schema schema;
  static std::once_flag loaded;
  std::call_once(loaded, [] {
    std::ifstream in(std::string(CHORA_SOURCE_DIR) + "/schemas/deployment-event.schema.json");
    nlohmann::json document = nlohmann::json::parse(in);
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(document);
    parser.populateSchema(adapter, schema);
  });
  return schema;
}

}  // namespace

std::vector<std::string> deployment_event_problems(const nlohmann::json& event) {
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter adapter(event);
  std::vector<std::string> problems;
  if (validator.validate(event_schema(), adapter, &results)) return problems;

  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    std::string where;
    for (const std::string& part : error.context) where += part;
    problems.push_back(where + ": " + error.description);
  }
  return problems;
}

std::vector<nlohmann::json> read_event_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<nlohmann::json> lines;
  std::string line;
  while (std::getline(in, line)) {
    nlohmann::json parsed = nlohmann::json::parse(line, nullptr, false);
    lines.push_back(parsed.is_discarded() ? nlohmann::json(line) : parsed);
  }
  return lines;
}

}  // namespace chora::testing
