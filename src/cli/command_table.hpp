#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

#include "app/options.hpp"

namespace chora::cli {

// Runs a parsed subcommand and returns the process exit code.
using Runner = std::function<int()>;

// One subcommand: its name, one-line summary, and a function that declares its options
// on `command` and returns what to run once the command line is parsed.
struct CommandEntry {
  const char* name;
  const char* summary;
  Runner (*attach)(CLI::App& command, const app::GlobalOptions& global);
  // Added to the general exit code of an error that stops the command (see health).
  int error_code_offset = 0;
  // What each exit code means for this command, shown at the end of its --help.
  const char* exit_codes = "";
};

// Every subcommand, in the order `--help` lists them.
const std::vector<CommandEntry>& command_table();

Runner attach_validate(CLI::App& command, const app::GlobalOptions& global);
Runner attach_graph(CLI::App& command, const app::GlobalOptions& global);
Runner attach_plan(CLI::App& command, const app::GlobalOptions& global);
Runner attach_apply(CLI::App& command, const app::GlobalOptions& global);
Runner attach_status(CLI::App& command, const app::GlobalOptions& global);
Runner attach_health(CLI::App& command, const app::GlobalOptions& global);

}  // namespace chora::cli
