#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chora {

// Edit distance between `a` and `b`: insertions, deletions, substitutions and swaps of two
// neighbouring characters each count one ("imgae" is one edit from "image").
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, when it is close enough to be what the user meant:
// at most one edit per three characters of `word` (at least one, at most three). Ties go
// to the earlier candidate. Used for "did you mean 'x'?" hints.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

}  // namespace chora
