#pragma once

#include <string>

// Manifest snippets for services made from the plain test busybox image, whose command
// decides how they behave. They answer TCP on port 80 once their httpd runs.
namespace chora::testing {

// A service whose container runs `script` with sh, behind a TCP gate on port 80.
inline std::string busybox_service(const std::string& name, const std::string& script,
                                   const std::string& extra = "",
                                   const std::string& timeout = "20s") {
  return "  " + name + ":\n    image: chora-test/busybox\n    version: \"1\"\n" +
         "    command: [\"/bin/busybox\", \"sh\", \"-c\", \"" + script + "\"]\n" +
         "    stop_timeout: 1s\n" + extra + "    health: { tcp: { port: 80 }, timeout: " + timeout +
         ", interval: 200ms }\n";
}

// A service running `script` with sh, followed by `lines` as written (each indented by
// four spaces, health included): for tests that shape the gate themselves.
inline std::string busybox_service_with(const std::string& name, const std::string& script,
                                        const std::string& lines) {
  return "  " + name + ":\n    image: chora-test/busybox\n    version: \"1\"\n" +
         "    command: [\"/bin/busybox\", \"sh\", \"-c\", \"" + script + "\"]\n" +
         "    stop_timeout: 1s\n" + lines;
}

// Serves at once.
inline const char* const kServe = "exec /bin/busybox httpd -f -p 80 -h /";

// Serves a /www holding a file `ready` and a page `index.html` saying "hello": readiness
// and smoke checks can look for them, and a test can take `ready` away.
inline const char* const kServeWww =
    "mkdir -p /www && echo yes > /www/ready && echo hello > /www/index.html && "
    "exec /bin/busybox httpd -f -p 80 -h /www";

}  // namespace chora::testing
