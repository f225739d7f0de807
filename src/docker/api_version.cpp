#include "docker/api_version.hpp"

#include <charconv>
#include <optional>
#include <utility>

#include "util/error.hpp"

namespace chora::docker {

namespace {

// Engines without an Api-Version header are older than 1.25; the Go client assumes 1.24.
constexpr std::string_view kAssumedWhenMissing = "1.24";

using Version = std::pair<int, int>;

std::optional<int> parse_number(std::string_view digits) {
  int number = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    return std::nullopt;
  }
  return number;
}

// "1.41" as {1, 41}; nothing when it is not "major.minor".
std::optional<Version> parse_version(std::string_view text) {
  const auto dot = text.find('.');
  if (dot == std::string_view::npos) {
    return std::nullopt;
  }
  const auto major = parse_number(text.substr(0, dot));
  const auto minor = parse_number(text.substr(dot + 1));
  if (!major || !minor) {
    return std::nullopt;
  }
  return Version{*major, *minor};
}

}  // namespace

std::string negotiate_api_version(std::string_view engine_version, std::string_view endpoint) {
  const std::string_view reported = engine_version.empty() ? kAssumedWhenMissing : engine_version;
  const auto engine = parse_version(reported);
  if (!engine) {
    throw Error(ErrorKind::kEngine, "the Docker engine at " + std::string(endpoint) +
                                        " reports the API version \"" + std::string(reported) +
                                        "\", which is not of the form major.minor");
  }

  if (*engine < *parse_version(kOldestApiVersion)) {
    throw Error(ErrorKind::kEngine,
                "the Docker engine at " + std::string(endpoint) + " speaks API " +
                    std::string(reported) + ", but chora-deploy needs API " +
                    std::string(kOldestApiVersion) + " or newer (Docker 19.03 or later)");
  }
  if (*engine < *parse_version(kNewestApiVersion)) {
    return std::to_string(engine->first) + "." + std::to_string(engine->second);
  }
  return std::string(kNewestApiVersion);
}

}  // namespace chora::docker
