#pragma once

#include <string>
#include <string_view>

namespace chora {

// Hex SHA-1 of `data` (40 characters). For change detection, not for security.
std::string sha1_hex(std::string_view data);

}  // namespace chora
