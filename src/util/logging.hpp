#pragma once

namespace chora {

enum class ColorMode { kAuto, kAlways, kNever };

// Sends logs to stderr, where they never mix with results on stdout. On a terminal:
// short local times and colour for warnings and errors; elsewhere (CI, files): plain
// lines with full UTC timestamps and the level, easy to grep. `verbose` adds debug lines.
void setup_logging(bool verbose, ColorMode color);

// True when stderr is a terminal and colour is not turned off.
bool stderr_is_terminal();

}  // namespace chora
