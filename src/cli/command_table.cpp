#include "cli/command_table.hpp"

#include "app/health_command.hpp"

namespace chora::cli {

const std::vector<CommandEntry>& command_table() {
  static const std::vector<CommandEntry> table = {
      {"validate", "Check a release manifest without touching the engine", attach_validate},
      {"graph", "Print the release's dependency waves (text, dot or json)", attach_graph},
      {"plan", "Show what apply would do, wave by wave; changes nothing", attach_plan},
      {"apply", "Roll the release onto the engine; roll back as a whole on failure", attach_apply},
      {"status", "Show the release deployed on an environment", attach_status},
      {"health",
       "Run the five health levels against the deployed release; exit with the lowest "
       "level that failed (6: it runs other versions than the manifest's)",
       attach_health, app::kHealthErrorOffset},
  };
  return table;
}

}  // namespace chora::cli
