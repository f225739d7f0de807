#pragma once

#include <string>
#include <string_view>

namespace chora::docker {

// The newest Engine API version this client speaks.
inline constexpr std::string_view kNewestApiVersion = "1.41";
// The oldest it accepts: it relies on 1.40 features (Docker 19.03).
inline constexpr std::string_view kOldestApiVersion = "1.40";

// The version to speak with an engine whose GET /_ping reported `engine_version` in its
// Api-Version header ("" when the header was missing, which only engines older than API
// 1.25 do): the lower of that and kNewestApiVersion. Throws Error of kind kEngine, naming
// both versions and `endpoint`, when the engine is older than kOldestApiVersion or its
// version cannot be read.
std::string negotiate_api_version(std::string_view engine_version, std::string_view endpoint);

}  // namespace chora::docker
