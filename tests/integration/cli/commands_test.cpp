// The commands that never touch the engine, and the command line itself, through the
// binary as a user or CI runs it.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/program_runner.hpp"
#include "support/test_release.hpp"

using namespace chora;

namespace {

const std::string kExamples = std::string(CHORA_SOURCE_DIR) + "/examples/ecosystem/";
const std::string kInvalid = std::string(CHORA_SOURCE_DIR) + "/manifests/invalid/";

// No engine answers here: commands that must not need one still work.
const std::map<std::string, std::string> kNoEngine = {
    {"DOCKER_HOST", "unix:///nonexistent/docker.sock"}};

testing::ProgramResult run_chora(const std::vector<std::string>& args) {
  return testing::run_program(testing::chora_binary(), args, kNoEngine);
}

}  // namespace

TEST_CASE("validate accepts the example release without an engine", "[cli]") {
  testing::ProgramResult result = run_chora({"validate", kExamples + "release-v1.yaml"});

  CHECK(result.exit_code == 0);
  CHECK(result.out.find("valid: release ecosystem-2026.12 for environment demo, 5 service(s) "
                        "in 4 wave(s)") != std::string::npos);
  CHECK(run_chora({"validate", "-q", kExamples + "release-v2.yaml"}).out.empty());
}

TEST_CASE("validate prints every problem at its place and exits 3", "[cli]") {
  testing::ProgramResult result = run_chora({"validate", kInvalid + "several-errors.yaml"});

  CHECK(result.exit_code == 3);
  CHECK(result.out.empty());
  CHECK(result.err.find("several-errors.yaml:16:32: error: services.chora-search.depends_on[1]: "
                        "unknown service 'chora-indexr'") != std::string::npos);
  CHECK(result.err.find("hint: did you mean 'chora-indexer'?") != std::string::npos);
}

TEST_CASE("a manifest that does not exist is an error naming it", "[cli]") {
  testing::ProgramResult result = run_chora({"validate", "/nonexistent/release.yaml"});

  CHECK(result.exit_code == 1);
  CHECK(result.err.find("/nonexistent/release.yaml") != std::string::npos);
}

TEST_CASE("graph prints waves, Graphviz and JSON", "[cli]") {
  std::string manifest = kExamples + "release-v1.yaml";

  testing::ProgramResult text = run_chora({"graph", manifest});
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("Wave 2\n  chora-indexer") != std::string::npos);

  testing::ProgramResult dot = run_chora({"graph", "--format", "dot", manifest});
  CHECK(dot.out.find("\"chora-search\" -> \"chora-indexer\";") != std::string::npos);

  testing::ProgramResult json = run_chora({"graph", "--format", "json", manifest});
  CHECK(nlohmann::json::parse(json.out)["waves"].size() == 4);
}

TEST_CASE("a wrong command line exits 3 and says what is wrong", "[cli]") {
  testing::ProgramResult unknown = run_chora({"deploy"});
  CHECK(unknown.exit_code == 3);
  CHECK(unknown.err.find("deploy") != std::string::npos);

  testing::ProgramResult bad_format = run_chora({"graph", "--format", "svg", "x.yaml"});
  CHECK(bad_format.exit_code == 3);

  testing::ProgramResult no_manifest = run_chora({"apply"});
  CHECK(no_manifest.exit_code == 3);
  CHECK(no_manifest.err.find("manifest") != std::string::npos);

  testing::ProgramResult status = run_chora({"status"});
  CHECK(status.exit_code == 3);
  CHECK(status.err.find("status needs a manifest or --environment NAME") != std::string::npos);

  // One or the other: with both, one would be silently ignored.
  testing::ProgramResult both =
      run_chora({"status", kExamples + "release-v1.yaml", "-e", "staging"});
  CHECK(both.exit_code == 3);
  CHECK(both.err.find("excludes") != std::string::npos);

  // A name no manifest could give would show as an environment where nothing runs.
  testing::ProgramResult bad_name = run_chora({"status", "-e", "Bad_Env"});
  CHECK(bad_name.exit_code == 3);
  CHECK(bad_name.err.find("'Bad_Env' is not an environment name") != std::string::npos);

  // Without a command, the commands there are.
  testing::ProgramResult none = run_chora({});
  CHECK(none.exit_code == 3);
  CHECK(none.err.find("validate") != std::string::npos);
  CHECK(none.err.find("error: a command is required") != std::string::npos);
  // A wrong global option is named, command or not.
  testing::ProgramResult bad_color = run_chora({"--color", "purple"});
  CHECK(bad_color.exit_code == 3);
  CHECK(bad_color.err.find("purple") != std::string::npos);
  testing::ProgramResult unknown_option = run_chora({"--colour"});
  CHECK(unknown_option.exit_code == 3);
  CHECK(unknown_option.err.find("error: unknown option '--colour'") != std::string::npos);

  // health's own codes 1-5 are levels; its mistakes are 10 plus the general code, so a
  // script cannot read a typo as "liveness failed".
  CHECK(run_chora({"health"}).exit_code == 13);
  CHECK(run_chora({"health", "-o", "yaml", "x.yaml"}).exit_code == 13);
}

TEST_CASE("the version and help flags answer without an engine", "[cli]") {
  testing::ProgramResult version = run_chora({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out.find("chora-deploy " CHORA_VERSION) != std::string::npos);

  testing::ProgramResult help = run_chora({"apply", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("--events") != std::string::npos);
  // A command's help also names the options every command takes, and its exit codes.
  CHECK(help.out.find("Global options, before or after the command:\n  --state-dir") !=
        std::string::npos);
  CHECK(help.out.find("5 the release failed and was rolled back") != std::string::npos);
}
