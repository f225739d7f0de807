#pragma once

#include <string_view>

namespace chora::plan {

// Orders two image tags the way people read versions: runs of digits compare as numbers,
// everything else as text, so "1.10.0" comes after "1.9.2". Returns a negative number
// when `a` comes first, zero when they are equal, a positive number otherwise. Used to
// call a change to an earlier version a downgrade; tags that are not versions
// ("latest", "stable") simply compare as text.
int compare_versions(std::string_view a, std::string_view b);

}  // namespace chora::plan
