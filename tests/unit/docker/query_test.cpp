#include <catch2/catch.hpp>

#include "docker/query.hpp"

using chora::docker::label_filters_json;
using chora::docker::percent_encode;

TEST_CASE("label filters list key=value, and a bare key for an empty value", "[docker]") {
  CHECK(label_filters_json({{"io.chora-deploy.project", "search"}, {"io.chora-deploy.test", ""}}) ==
        R"({"label":["io.chora-deploy.project=search","io.chora-deploy.test"]})");
  CHECK(label_filters_json({}) == "{}");
}

TEST_CASE("filters are percent-encoded as the engine's transcripts show", "[docker]") {
  // The same bytes as containers-list-label.txt sends.
  CHECK(percent_encode(R"({"label":["org.apiref.project=demo","org.apiref.service=web"]})") ==
        "%7B%22label%22%3A%5B%22org.apiref.project%3Ddemo%22%2C%22org.apiref.service%3Dweb"
        "%22%5D%7D");
}

TEST_CASE("percent encoding keeps unreserved characters and encodes the rest", "[docker]") {
  CHECK(percent_encode("chora-test_1.x~") == "chora-test_1.x~");
  CHECK(percent_encode("chora-test/busybox:1") == "chora-test%2Fbusybox%3A1");
  CHECK(percent_encode("a b&c?d#e") == "a%20b%26c%3Fd%23e");
  CHECK(percent_encode("\xC3\xA9") == "%C3%A9");
}
