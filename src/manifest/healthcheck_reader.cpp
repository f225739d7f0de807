#include "manifest/healthcheck_reader.hpp"

#include <algorithm>
#include <cctype>

#include "util/duration.hpp"

namespace chora::manifest {

namespace {

const std::vector<std::string> kHealthcheckKeys = {"test", "interval", "timeout", "start_period",
                                                   "retries"};
const std::vector<std::string> kTestKinds = {"CMD", "CMD-SHELL", "NONE"};
constexpr std::string_view kTestExample =
    "test: [\"CMD\", \"wget\", \"-q\", \"-O-\", \"http://127.0.0.1/health\"]";
constexpr Duration kDockerMinimum = std::chrono::milliseconds(1);
constexpr int kMaxRetries = 100;

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// The first word of a test must say how Docker runs the rest.
void check_test_kind(ServiceScope& scope, const std::string& kind) {
  std::string capitals = upper(kind);
  bool known = std::find(kTestKinds.begin(), kTestKinds.end(), capitals) != kTestKinds.end();
  SourceLocation at = scope.service.location_of(scope.key_of("test[0]"));
  scope.reader.report(at, scope.path_of("test[0]"),
                      "a healthcheck test starts with CMD, CMD-SHELL or NONE, found '" + kind + "'",
                      known ? "write '" + capitals + "' in capitals"
                            : "put \"CMD\" first to run the program directly, or write the "
                              "whole command line as one string to run it in a shell");
}

// What follows CMD, CMD-SHELL or NONE.
void check_test_arguments(ServiceScope& scope, const Field& field,
                          const std::vector<std::string>& test) {
  std::size_t arguments = test.size() - 1;
  if (test[0] == "CMD" && arguments == 0) {
    scope.report(field, "test", "CMD needs the program to run after it",
                 "write e.g. " + std::string(kTestExample));
  } else if (test[0] == "CMD-SHELL" && arguments != 1) {
    scope.report(field, "test",
                 "CMD-SHELL takes one command line after it, found " +
                     (arguments == 0 ? std::string("none") : std::to_string(arguments)),
                 "write the command line as one string, e.g. test: [\"CMD-SHELL\", \"wget -q "
                 "-O- http://127.0.0.1/health || exit 1\"], or use CMD with one item per "
                 "argument");
  } else if (test[0] == "NONE" && arguments != 0) {
    scope.report(field, "test", "NONE takes nothing after it",
                 "[\"NONE\"] turns the image's HEALTHCHECK off; remove the rest");
  }
}

// `test`: a list in one of Docker's shapes, or a single line run by the shell.
void read_test(ServiceScope& scope, const Field& field, std::vector<std::string>& test) {
  if (field.value.IsScalar() && !field.value.IsNull()) {
    scope.record("test", field);
    test = {"CMD-SHELL", field.value.Scalar()};
    if (field.value.Scalar().empty()) {
      scope.report(field, "test", "the healthcheck test is empty",
                   "write the command line Docker runs in the container, e.g. 'wget -q -O- "
                   "http://127.0.0.1/health || exit 1'");
    }
    return;
  }

  if (!read_strings(scope, field, "test", kTestExample, test)) return;
  if (scope.reader.reported(scope.path_of("test"))) return;
  if (test.empty()) {
    scope.report(field, "test", "the healthcheck test is empty",
                 "write e.g. " + std::string(kTestExample) +
                     ", a single command line, or test: [\"NONE\"] to turn the image's "
                     "HEALTHCHECK off");
  } else if (std::find(kTestKinds.begin(), kTestKinds.end(), test[0]) == kTestKinds.end()) {
    check_test_kind(scope, test[0]);
  } else {
    check_test_arguments(scope, field, test);
  }
}

// interval, timeout and start_period: Docker reads 0 as "not set" and refuses less than
// 1ms, so a manifest asking for less would not get what it says.
std::optional<Duration> read_docker_duration(ServiceScope& scope, const FieldMap& fields,
                                             const std::string& key, std::string_view fallback) {
  const Field* field = fields.find(key);
  if (field == nullptr) return std::nullopt;
  scope.record(key, *field);
  std::optional<Duration> duration = scope.reader.read_duration(*field, scope.path_of(key));
  if (!duration || *duration >= kDockerMinimum) return duration;

  scope.report(*field, key,
               key + " " + format_duration(*duration) + " is shorter than Docker's minimum of " +
                   format_duration(kDockerMinimum),
               "Docker reads 0 as 'not set' and refuses anything shorter than 1ms; write at "
               "least 1ms, or leave '" +
                   key + "' out for the image's value or else " + std::string(fallback));
  return std::nullopt;
}

}  // namespace

void read_healthcheck(ServiceScope& scope, const Field& entry) {
  scope.record("healthcheck", entry);
  ServiceScope check = scope.nested("healthcheck");
  std::optional<FieldMap> fields = scope.reader.read_struct(entry, check.path, kHealthcheckKeys);
  if (!fields) return;

  Healthcheck healthcheck;
  if (const Field* test =
          scope.reader.require(*fields, entry, check.path, "test",
                               "add the command Docker runs, such as " + std::string(kTestExample) +
                                   ", or test: [\"NONE\"] to turn the image's HEALTHCHECK off")) {
    read_test(check, *test, healthcheck.test);
  }
  healthcheck.interval = read_docker_duration(check, *fields, "interval", "Docker's 30s");
  healthcheck.timeout = read_docker_duration(check, *fields, "timeout", "Docker's 30s");
  healthcheck.start_period = read_docker_duration(check, *fields, "start_period", "0s");
  if (const Field* retries = fields->find("retries")) {
    check.record("retries", *retries);
    healthcheck.retries = scope.reader.read_integer(*retries, check.path_of("retries"), 0,
                                                    kMaxRetries, "a number of retries");
  }
  scope.service.healthcheck = healthcheck;
}

}  // namespace chora::manifest
