#include "util/suggest.hpp"

#include <catch2/catch.hpp>

using chora::closest_match;
using chora::edit_distance;

namespace {

const std::vector<std::string> kServiceKeys = {"image",   "version",    "env",          "ports",
                                               "command", "depends_on", "stop_timeout", "health"};

}  // namespace

TEST_CASE("edit_distance counts insertions, deletions, substitutions and swaps", "[util]") {
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("image", "image") == 0);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("port", "ports") == 1);
  CHECK(edit_distance("ports", "port") == 1);
  CHECK(edit_distance("imags", "image") == 1);
  CHECK(edit_distance("imgae", "image") == 1);
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("closest_match suggests the key a typo was meant to be", "[util]") {
  CHECK(closest_match("imgae", kServiceKeys) == "image");
  CHECK(closest_match("verison", kServiceKeys) == "version");
  CHECK(closest_match("dependson", kServiceKeys) == "depends_on");
  CHECK(closest_match("depend_on", kServiceKeys) == "depends_on");
  CHECK(closest_match("stop-timeout", kServiceKeys) == "stop_timeout");
  CHECK(closest_match("port", kServiceKeys) == "ports");
  CHECK(closest_match("envs", kServiceKeys) == "env");
}

TEST_CASE("closest_match suggests nothing for a word unlike every candidate", "[util]") {
  CHECK_FALSE(closest_match("replicas", kServiceKeys));
  CHECK_FALSE(closest_match("cmd", kServiceKeys));
  CHECK_FALSE(closest_match("x", kServiceKeys));
  CHECK_FALSE(closest_match("image", {}));
}

TEST_CASE("closest_match allows more edits for longer words", "[util]") {
  std::vector<std::string> services = {"chora-indexer", "chora-search"};
  CHECK(closest_match("chora-indexr", services) == "chora-indexer");
  CHECK(closest_match("chora-idnexr", services) == "chora-indexer");
  CHECK_FALSE(closest_match("chora-ranker", services));
}

TEST_CASE("closest_match breaks ties by candidate order", "[util]") {
  CHECK(closest_match("ab", {"ax", "ay"}) == "ax");
  CHECK(closest_match("ab", {"ay", "ax"}) == "ay");
}
