#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "docker/endpoint.hpp"
#include "util/cancel.hpp"

namespace chora::docker {

// The output an exec keeps: its last 64 KiB. A probe's verdict is at the end of what it
// printed, and a command that prints without end must not fill the memory of the caller.
inline constexpr std::size_t kExecOutputLimit = 64 * 1024;

// What the attached stream of one exec gave.
struct AttachedOutput {
  bool ended = false;    // the engine closed the stream, so the process has ended
  bool stopped = false;  // the caller's cancel token stopped the wait first
  std::string output;    // stdout and stderr interleaved; the last kExecOutputLimit bytes
};

// Starts the created exec at `target` ("/v1.41/exec/<id>/start") attached and without a
// TTY, on a connection of its own, and reads its output until the engine closes the stream
// or `deadline` passes; the connection is closed either way. The engine hijacks the
// connection: after the answer's header, the output comes as raw 8-byte-framed records,
// not as an HTTP body, until the process ends.
//
// A deadline that passes, at any step, gives `ended` false with the output read so far;
// so does `cancel` (when given) once it is cancelled, with `stopped` set.
// Throws TransportError when the engine cannot be reached or the connection breaks before
// the deadline, and EngineError when it refuses the start (404 no such exec, 409 already
// started), naming the call "POST <target>".
AttachedOutput run_attached_exec(const Endpoint& endpoint, const std::string& target,
                                 std::chrono::steady_clock::time_point deadline,
                                 const CancelToken* cancel);

// The exit code in the body of GET /exec/{id}/json; nothing while the process runs, when
// the engine reports "Running":true and "ExitCode":null. Throws Error of kind kEngine when
// the body is not JSON.
std::optional<int> exec_exit_code_from_json(std::string_view body);

// The last `limit` bytes of `text`, all of it when it is no longer.
std::string keep_tail(std::string text, std::size_t limit);

}  // namespace chora::docker
