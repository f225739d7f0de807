// chora-deploy: parse the command line, run one subcommand, turn its outcome into an
// exit code. This is the one place that catches errors.

#include <csignal>
#include <iostream>
#include <map>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/command_table.hpp"
#include "manifest/diagnostic.hpp"
#include "util/error.hpp"
#include "util/logging.hpp"

namespace {

chora::ColorMode color_mode(const std::string& name) {
  if (name == "always") return chora::ColorMode::kAlways;
  if (name == "never") return chora::ColorMode::kNever;
  return chora::ColorMode::kAuto;
}

// A command's --help lists only its own options; the ones every command takes are named
// at its end, from the same declarations as the top-level help.
std::string global_options_help(const CLI::App& app) {
  std::string text = "Global options, before or after the command:\n";
  for (const CLI::Option* option : app.get_options()) {
    std::string names = option->get_name(false, true);
    if (names == "--help" || names == "-h,--help" || names == "--version") continue;
    text += fmt::format("  {:<16} {}\n", names, option->get_description());
  }
  return text;
}

// The first word that is not an option or an option's value: the command the user meant.
std::string first_word(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--state-dir" || arg == "--color") {
      ++i;
      continue;
    }
    if (!arg.empty() && arg[0] != '-') return arg;
  }
  return "";
}

// The command the user named, whose exit codes apply from here on, also to a mistake on
// the rest of the command line (`health` adds 10 to its errors). CLI11 would only say
// that a subcommand is required; say which word it did not know.
const chora::cli::CommandEntry* find_command(int argc, char** argv) {
  std::string word = first_word(argc, argv);
  if (word.empty()) return nullptr;
  std::string known;
  for (const chora::cli::CommandEntry& entry : chora::cli::command_table()) {
    if (word == entry.name) return &entry;
    known += (known.empty() ? "" : ", ") + std::string(entry.name);
  }
  throw chora::Error(chora::ErrorKind::kUsage,
                     fmt::format("unknown command '{}' (commands: {})", word, known));
}

// Parses the command line and runs the command. `error_offset` is set to what the chosen
// command adds to the exit code of an error.
int run(int argc, char** argv, int& error_offset) {
  CLI::App app("Roll a release set of services onto Docker as one unit.", "chora-deploy");
  app.set_version_flag("--version", "chora-deploy " CHORA_VERSION);
  app.require_subcommand(1);

  chora::app::GlobalOptions global;
  app.add_option("--state-dir", global.state_dir,
                 "Where locks, release records and events live "
                 "(default: $CHORA_DEPLOY_STATE_DIR, /var/lib/chora-deploy as root)");
  app.add_flag("-v,--verbose", global.verbose, "Show debug lines");
  app.add_option("--color", global.color, "Colour on the terminal: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();

  std::string footer_options = global_options_help(app);
  std::map<CLI::App*, std::pair<chora::cli::Runner, int>> runners;
  for (const chora::cli::CommandEntry& entry : chora::cli::command_table()) {
    CLI::App* command = app.add_subcommand(entry.name, entry.summary);
    command->fallthrough();  // global options may also follow the command
    command->footer(fmt::format("{}\n{}", footer_options, entry.exit_codes));
    runners[command] = {entry.attach(*command, global), entry.error_code_offset};
  }

  const chora::cli::CommandEntry* named = find_command(argc, argv);
  if (named) error_offset = named->error_code_offset;
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // Without a command, the list of commands is what the user is missing, unless an
    // option was mistyped: CLI11 reports the missing command first.
    if (!named && dynamic_cast<const CLI::RequiredError*>(&error) != nullptr) {
      for (const std::string& left : app.remaining()) {
        if (left.empty() || left[0] != '-') continue;
        std::cerr << fmt::format(
            "error: unknown option '{}'\nRun with --help for more "
            "information.\n",
            left);
        return chora::exit_code_for(chora::ErrorKind::kUsage);
      }
      std::cerr << app.help() << "\nerror: a command is required\n";
      return chora::exit_code_for(chora::ErrorKind::kUsage);
    }
    int code = app.exit(error);
    return code == 0 ? 0 : error_offset + chora::exit_code_for(chora::ErrorKind::kUsage);
  }

  chora::setup_logging(global.verbose, color_mode(global.color));
  const auto& [runner, offset] = runners.at(app.get_subcommands().front());
  error_offset = offset;
  return runner();
}

}  // namespace

int main(int argc, char** argv) {
  // A closed pipe (`apply | head`, a CI log reader gone) must not kill a release half
  // way: writes then fail with EPIPE instead, which spdlog and the event log survive.
  std::signal(SIGPIPE, SIG_IGN);
  int offset = 0;
  try {
    return run(argc, argv, offset);
  } catch (const chora::manifest::ManifestError& error) {
    std::cerr << error.render();
    std::cerr << fmt::format("{}\n", error.what());
    return offset + chora::exit_code_for(error.kind());
  } catch (const chora::Error& error) {
    std::cerr << fmt::format("error: {}\n", error.what());
    return offset + chora::exit_code_for(error.kind());
  } catch (const std::exception& error) {
    std::cerr << fmt::format("internal error: {}\n", error.what());
    return offset + chora::exit_code_for(chora::ErrorKind::kInternal);
  }
}
