#include "util/logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>

namespace chora {

bool stderr_is_terminal() {
  return ::isatty(STDERR_FILENO) == 1;
}

void setup_logging(bool verbose, ColorMode color) {
  bool terminal = stderr_is_terminal();
  const char* no_color = std::getenv("NO_COLOR");
  bool colored = color == ColorMode::kAlways ||
                 (color == ColorMode::kAuto && terminal && (no_color == nullptr || !*no_color));

  std::shared_ptr<spdlog::logger> logger;
  if (colored) {
    auto sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>(spdlog::color_mode::always);
    sink->set_color(spdlog::level::info, sink->reset);
    sink->set_color(spdlog::level::debug, sink->dark);
    logger = std::make_shared<spdlog::logger>("chora", sink);
  } else {
    logger = std::make_shared<spdlog::logger>("chora",
                                              std::make_shared<spdlog::sinks::stderr_sink_mt>());
  }

  if (terminal) {
    logger->set_pattern("%H:%M:%S %^%v%$");
  } else {
    // The colour markers matter only with --color always, for a CI log viewer that shows it.
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%-5l %v%$", spdlog::pattern_time_type::utc);
  }
  logger->set_level(verbose ? spdlog::level::debug : spdlog::level::info);
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(logger);
}

}  // namespace chora
