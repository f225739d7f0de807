#include "docker/query.hpp"

#include <nlohmann/json.hpp>

namespace chora::docker {

namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~';
}

}  // namespace

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  encoded.reserve(text.size());
  for (const char raw : text) {
    const auto c = static_cast<unsigned char>(raw);
    if (is_unreserved(c)) {
      encoded += raw;
      continue;
    }
    encoded += '%';
    encoded += kHex[c >> 4];
    encoded += kHex[c & 0x0F];
  }
  return encoded;
}

std::string label_filters_json(const Labels& labels) {
  nlohmann::json filters = nlohmann::json::object();
  if (labels.empty()) {
    return filters.dump();
  }

  nlohmann::json& wanted = filters["label"] = nlohmann::json::array();
  for (const auto& [key, value] : labels) {
    wanted.push_back(value.empty() ? key : key + "=" + value);
  }
  return filters.dump();
}

}  // namespace chora::docker
