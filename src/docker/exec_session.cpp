#include "docker/exec_session.hpp"

#include <utility>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "docker/errors.hpp"
#include "docker/json_models.hpp"
#include "docker/log_frames.hpp"
#include "docker/request_bodies.hpp"
#include "docker/stream_connection.hpp"
#include "util/error.hpp"

namespace chora::docker {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;

// One attached exec start. Every step runs on the thread that called run().
class AttachedExec {
 public:
  AttachedExec(net::io_context& io, const Endpoint& endpoint, std::string target)
      : connection_(io, endpoint), target_(std::move(target)) {}

  void start(std::chrono::steady_clock::time_point deadline) {
    // One deadline for every step: when it passes, the stream closes the socket.
    connection_.expires_at(deadline);
    const HttpRequest request{"POST", target_, exec_start_body(), "application/json"};
    connection_.async_open(request, [this](beast::error_code error) { opened(error); });
  }

  // Stops reading: the pending read ends, and with it the io_context's work. A stream
  // that has ended decided the result already.
  void abandon() {
    if (ended_) return;
    abandoned_ = true;
    connection_.close();
  }

  // After the io_context has run out of work.
  AttachedOutput result() {
    if (abandoned_) {
      return {false, true, keep_tail(demultiplexer_.finish(), kExecOutputLimit)};
    }
    if (refused_) {
      throw EngineError("POST " + target_, connection_.status(),
                        daemon_message_from_body(refusal_));
    }
    if (error_ && error_ != beast::error::timeout) {
      throw connection_.failure(error_);
    }
    // TODO: the demultiplexer holds the whole output until here, bounded only by how much
    // the command prints before the deadline; a LogDemultiplexer that hands its text out as
    // it goes would let this keep just the tail while reading.
    return {ended_, false, keep_tail(demultiplexer_.finish(), kExecOutputLimit)};
  }

 private:
  void opened(beast::error_code error) {
    if (failed(error)) {
      return;
    }
    // 200 (or 101 when the upgrade was asked for) hands the connection over to the stream.
    if (connection_.status() >= 400) {
      refused_ = true;
      read_refusal();
      return;
    }
    read_output();
  }

  void read_output() {
    connection_.async_read_raw([this](beast::error_code error, std::string_view bytes) {
      demultiplexer_.feed(bytes);
      if (error == net::error::eof) {
        ended_ = true;  // the engine closes the stream when the process ends
        return;
      }
      if (!failed(error)) {
        read_output();
      }
    });
  }

  void read_refusal() {
    connection_.async_read_body([this](beast::error_code error, std::string_view bytes) {
      refusal_.append(bytes);
      if (!failed(error) && !connection_.body_done()) {
        read_refusal();
      }
    });
  }

  bool failed(beast::error_code error) {
    if (error && !error_) {
      error_ = error;
    }
    return static_cast<bool>(error);
  }

  StreamConnection connection_;
  std::string target_;
  LogDemultiplexer demultiplexer_;
  beast::error_code error_;
  bool ended_ = false;
  bool refused_ = false;
  bool abandoned_ = false;
  std::string refusal_;
};

}  // namespace

AttachedOutput run_attached_exec(const Endpoint& endpoint, const std::string& target,
                                 std::chrono::steady_clock::time_point deadline,
                                 const CancelToken* cancel) {
  net::io_context io;
  AttachedExec exec(io, endpoint, target);
  exec.start(deadline);
  if (cancel == nullptr) {
    io.run();
    return exec.result();
  }
  // In slices: a release that failed or was interrupted must not wait out a command that
  // may run until the deadline, or never end. Abandoned on every slice until the work is
  // gone, in case a step under way when it was first closed opened the connection again.
  constexpr std::chrono::milliseconds kCancelCheck{50};
  while (!io.stopped()) {
    io.run_for(kCancelCheck);
    if (!io.stopped() && cancel->cancelled()) exec.abandon();
  }
  return exec.result();
}

std::optional<int> exec_exit_code_from_json(std::string_view body) {
  const nlohmann::json answer = nlohmann::json::parse(body, nullptr, false);
  if (answer.is_discarded() || !answer.is_object()) {
    throw Error(ErrorKind::kEngine, "the exec inspect answer is not a JSON object");
  }

  const auto running = answer.find("Running");
  const auto code = answer.find("ExitCode");
  if (running != answer.end() && running->is_boolean() && running->get<bool>()) {
    return std::nullopt;
  }
  if (code == answer.end() || !code->is_number_integer()) {
    return std::nullopt;
  }
  return code->get<int>();
}

std::string keep_tail(std::string text, std::size_t limit) {
  if (text.size() > limit) {
    text.erase(0, text.size() - limit);
  }
  return text;
}

}  // namespace chora::docker
