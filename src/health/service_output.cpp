#include "health/service_output.hpp"

namespace chora::health {
namespace {

constexpr std::size_t kLongestQuote = 200;

std::string last_line(std::string output) {
  while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) output.pop_back();
  std::size_t newline = output.rfind('\n');
  if (newline != std::string::npos) output = output.substr(newline + 1);
  if (output.size() > kLongestQuote) output = output.substr(0, kLongestQuote) + "...";
  return output;
}

}  // namespace

std::string quote_last_line(std::string output, OutputQuoting quoting) {
  std::string line = last_line(std::move(output));
  if (line.empty()) return "";
  if (quoting == OutputQuoting::kWithhold) {
    return "; its output is not shown, as the service reads secrets (see docker logs)";
  }
  return "; it said: " + line;
}

OutputQuoting output_quoting_of(const manifest::Service& service) {
  return service.secrets.empty() ? OutputQuoting::kQuote : OutputQuoting::kWithhold;
}

}  // namespace chora::health
