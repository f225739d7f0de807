#include <catch2/catch.hpp>

#include "unit/manifest/manifest_text.hpp"

using chora::test::first_lines;
using chora::test::kHeader;
using chora::test::problems;

TEST_CASE("a cycle is an error at the dependency that closes it, showing the cycle", "[graph]") {
  CHECK(problems(kHeader +
                 "services:\n"
                 "  a:\n    image: x/a\n    version: '1'\n    depends_on: [c]\n"
                 "  b:\n    image: x/b\n    version: '1'\n    depends_on: [a]\n"
                 "  c:\n    image: x/c\n    version: '1'\n    depends_on:\n      - b\n") ==
        "m.yaml:11:18: error: services.b.depends_on[0]: dependency cycle: a -> c -> b -> a\n"
        "   11 |     depends_on: [a]\n"
        "      |                  ^\n"
        "hint: each of these services would wait for the next forever; remove one of these "
        "dependencies\n");
}

TEST_CASE("cycles are reported with the manifest's other mistakes, each group once", "[graph]") {
  // Two separate cycles, an unknown dependency and a bad port in one manifest: a person
  // fixes them all in one go.
  CHECK(first_lines(kHeader +
                    "services:\n"
                    "  a: { image: a, version: '1', depends_on: [b, nowhere] }\n"
                    "  b: { image: b, version: '1', depends_on: [a, a] }\n"
                    "  c: { image: c, version: '1', depends_on: [d], ports: ['99999:80'] }\n"
                    "  d: { image: d, version: '1', depends_on: [c, d] }\n") ==
        "m.yaml:4:48: error: services.a.depends_on[1]: unknown service 'nowhere'\n"
        "m.yaml:5:45: error: services.b.depends_on[0]: dependency cycle: a -> b -> a\n"
        "m.yaml:5:48: error: services.b.depends_on[1]: duplicate dependency 'a' (first at "
        "line 5)\n"
        "m.yaml:6:57: error: services.c.ports[0]: host port 99999 in '99999:80' is not a port "
        "number\n"
        "m.yaml:7:45: error: services.d.depends_on[0]: dependency cycle: c -> d -> c\n"
        "m.yaml:7:48: error: services.d.depends_on[1]: service 'd' depends on itself\n");
}

TEST_CASE("services tangled in more than one cycle are named together", "[graph]") {
  // a -> b -> d -> a and a -> c -> d -> a: breaking only the first would leave the second.
  CHECK(problems(kHeader + "services:\n"
                           "  a: { image: a, version: '1', depends_on: [b, c] }\n"
                           "  b: { image: b, version: '1', depends_on: [d] }\n"
                           "  c: { image: c, version: '1', depends_on: [d] }\n"
                           "  d: { image: d, version: '1', depends_on: [a] }\n") ==
        "m.yaml:7:45: error: services.d.depends_on[0]: dependency cycle: a -> b -> d -> a "
        "(also through 'c')\n"
        "    7 |   d: { image: d, version: '1', depends_on: [a] }\n"
        "      |                                             ^\n"
        "hint: these services all wait for each other; remove dependencies until none does\n");
}

TEST_CASE("services that only depend on a cycle are not part of it", "[graph]") {
  CHECK(first_lines(kHeader + "services:\n"
                              "  top: { image: t, version: '1', depends_on: [a] }\n"
                              "  a: { image: a, version: '1', depends_on: [b] }\n"
                              "  b: { image: b, version: '1', depends_on: [a] }\n") ==
        "m.yaml:6:45: error: services.b.depends_on[0]: dependency cycle: a -> b -> a\n");
}
