#include "util/duration.hpp"

#include <catch2/catch.hpp>

using chora::format_duration;
using chora::parse_duration;
using std::chrono::milliseconds;

TEST_CASE("parse_duration reads each unit", "[util]") {
  CHECK(parse_duration("500ms") == milliseconds(500));
  CHECK(parse_duration("30s") == milliseconds(30'000));
  CHECK(parse_duration("2m") == milliseconds(120'000));
  CHECK(parse_duration("2h") == milliseconds(7'200'000));
  CHECK(parse_duration("0s") == milliseconds(0));
}

TEST_CASE("parse_duration adds up several parts", "[util]") {
  CHECK(parse_duration("1m30s") == milliseconds(90'000));
  CHECK(parse_duration("1h1m1s1ms") == milliseconds(3'661'001));
  CHECK(parse_duration("1s500ms") == milliseconds(1'500));
}

TEST_CASE("parse_duration refuses a number without unit", "[util]") {
  CHECK_FALSE(parse_duration("30"));
  CHECK_FALSE(parse_duration("1m30"));
}

TEST_CASE("parse_duration refuses fractions, signs, spaces and unknown units", "[util]") {
  for (const char* text :
       {"", "1.5s", "-1s", "+1s", " 1s", "1s ", "1 s", "s", "1d", "1us", "1S", "ms", "1m s"}) {
    INFO(text);
    CHECK_FALSE(parse_duration(text));
  }
}

TEST_CASE("parse_duration refuses a total that does not fit", "[util]") {
  CHECK_FALSE(parse_duration("99999999999999999999ms"));
  CHECK_FALSE(parse_duration("9999999999999999h"));
}

TEST_CASE("format_duration writes the shortest exact form", "[util]") {
  CHECK(format_duration(milliseconds(500)) == "500ms");
  CHECK(format_duration(milliseconds(2'000)) == "2s");
  CHECK(format_duration(milliseconds(90'000)) == "1m30s");
  CHECK(format_duration(milliseconds(1'500)) == "1s500ms");
  CHECK(format_duration(milliseconds(3'600'000)) == "1h");
  CHECK(format_duration(milliseconds(3'600'001)) == "1h1ms");
  CHECK(format_duration(milliseconds(0)) == "0s");
  CHECK(format_duration(milliseconds(-1'500)) == "-1s500ms");
}

TEST_CASE("format_duration output parses back to the same duration", "[util]") {
  for (long long millis : {1LL, 999LL, 1'000LL, 61'001LL, 86'400'000LL, 90'061'001LL}) {
    INFO(millis);
    CHECK(parse_duration(format_duration(milliseconds(millis))) == milliseconds(millis));
  }
}
