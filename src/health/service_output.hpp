#pragma once

#include <string>

#include "manifest/manifest.hpp"

namespace chora::health {

// Whether a failure message may quote what a service printed. A service that reads
// secrets may print one, and failure messages end up in logs, events and `health -o
// json`, so its output is withheld and the operator is pointed at `docker logs`.
enum class OutputQuoting { kQuote, kWithhold };

// "; it said: <last line of output>", kept short; "" when there is no output; a note
// that the output is withheld under kWithhold.
std::string quote_last_line(std::string output, OutputQuoting quoting);

// kWithhold for a service that mounts secrets, else kQuote.
OutputQuoting output_quoting_of(const manifest::Service& service);

}  // namespace chora::health
