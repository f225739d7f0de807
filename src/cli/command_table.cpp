#include "cli/command_table.hpp"

#include "app/health_command.hpp"

namespace chora::cli {

namespace {

// validate's and graph's exit codes: they only read the manifest (README.md, "Exit codes").
constexpr const char* kCheckOnlyCodes =
    "Exit codes: 0 valid; 3 the manifest is invalid or the command line wrong; 1 the file\n"
    "could not be read, or an internal error.";

}  // namespace

const std::vector<CommandEntry>& command_table() {
  static const std::vector<CommandEntry> table = {
      {"validate", "Check a release manifest without touching the engine", attach_validate, 0,
       kCheckOnlyCodes},
      {"graph", "Print the release's dependency waves (text, dot or json)", attach_graph, 0,
       kCheckOnlyCodes},
      {"plan", "Show what apply would do, wave by wave; changes nothing", attach_plan, 0,
       "Exit codes: 0 planned (with --detailed-exitcode: nothing to change); 2 changes to\n"
       "apply (--detailed-exitcode only); 3 the manifest is invalid or the command line wrong;\n"
       "4 the engine is unreachable, or apply would refuse the plan (listed); 1 internal or\n"
       "local file error."},
      {"apply", "Roll the release onto the engine; roll back as a whole on failure", attach_apply,
       0,
       "Exit codes: 0 the release is live, or there was nothing to change; 3 the manifest is\n"
       "invalid or the command line wrong; 4 nothing was changed: the engine is unreachable\n"
       "or the preflight failed; 5 the release failed and was rolled back: the previous\n"
       "release runs; 6 the rollback could not restore everything: a person must look;\n"
       "1 internal or local file error."},
      {"status", "Show the release deployed on an environment", attach_status, 0,
       "Exit codes: 0 shown; 3 the manifest or environment name is invalid or the command\n"
       "line wrong; 4 the engine is unreachable; 1 internal or local file error."},
      {"health",
       "Run the five health levels against the deployed release; exit with the lowest "
       "level that failed (6: it runs another version or configuration than the manifest's)",
       attach_health, app::kHealthErrorOffset,
       "Exit codes: 0 every level passes; 1-5 the lowest level that failed (1 running,\n"
       "2 healthcheck, 3 liveness, 4 readiness, 5 smoke); 6 every level passes but a service\n"
       "runs another version or configuration than the manifest's; 11, 13, 14 the check\n"
       "could not run: 10 plus the general code (13 invalid manifest or command line,\n"
       "14 engine unreachable, 11 internal or local file error)."},
  };
  return table;
}

}  // namespace chora::cli
