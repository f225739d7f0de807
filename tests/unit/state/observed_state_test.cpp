#include "state/observed_state.hpp"

#include <catch2/catch.hpp>

using namespace chora;

namespace {

state::ObservedContainer replica(int revision, int number, const std::string& state) {
  state::ObservedContainer container;
  container.id = "id-" + std::to_string(revision) + "-" + std::to_string(number);
  container.name = "dev_api_r" + std::to_string(revision) + "_" + std::to_string(number);
  container.service = "api";
  container.revision = revision;
  container.replica = number;
  container.state = state;
  return container;
}

std::vector<std::string> names(const std::vector<const state::ObservedContainer*>& containers) {
  std::vector<std::string> result;
  for (const state::ObservedContainer* container : containers) result.push_back(container->name);
  return result;
}

}  // namespace

TEST_CASE("a stopped replica of the running revision is deployed while too few run",
          "[state]") {
  state::ObservedState observed{"dev", {}, true};
  observed.containers = {replica(2, 1, "running"), replica(2, 2, "exited"),
                         replica(1, 1, "exited")};

  // Two wanted, one runs: the exited one of revision 2 is part of what is deployed.
  CHECK(names(observed.deployed("api", 2)) ==
        std::vector<std::string>{"dev_api_r2_1", "dev_api_r2_2"});
  // Unknown count: shown too.
  CHECK(names(observed.deployed("api", 0)) ==
        std::vector<std::string>{"dev_api_r2_1", "dev_api_r2_2"});
  // One wanted and one runs: the stopped one was retired by a scale down; a leftover.
  CHECK(names(observed.deployed("api", 1)) == std::vector<std::string>{"dev_api_r2_1"});
}

TEST_CASE("when nothing runs, the newest revision is what is deployed", "[state]") {
  state::ObservedState observed{"dev", {}, true};
  observed.containers = {replica(2, 1, "exited"), replica(1, 1, "exited")};

  CHECK(names(observed.deployed("api", 1)) == std::vector<std::string>{"dev_api_r2_1"});
  CHECK(observed.deployed("web", 1).empty());
}
