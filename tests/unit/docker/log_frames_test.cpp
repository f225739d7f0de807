#include <catch2/catch.hpp>

#include <string>

#include "docker/log_frames.hpp"

using chora::docker::demultiplex_logs;
using chora::docker::LogDemultiplexer;

namespace {

// One 8-byte-framed record as the engine sends it without a TTY.
std::string frame(char stream, const std::string& payload) {
  std::string header(8, '\0');
  header[0] = stream;
  const auto size = static_cast<std::uint32_t>(payload.size());
  for (int i = 0; i < 4; ++i) {
    header[7 - i] = static_cast<char>((size >> (8 * i)) & 0xFF);
  }
  return header + payload;
}

}  // namespace

TEST_CASE("framed logs give stdout and stderr interleaved in order", "[docker]") {
  // The body of logs-multiplexed.txt, without timestamps.
  const std::string body =
      frame(1, "out-line-1\n") + frame(2, "err-line-1\n") + frame(1, "out-line-2\n");
  CHECK(demultiplex_logs(body) == "out-line-1\nerr-line-1\nout-line-2\n");
}

TEST_CASE("a frame split across reads is joined, even inside its header", "[docker]") {
  const std::string body = frame(1, "first\n") + frame(2, std::string(300, 'x') + "\n");

  for (std::size_t cut : {1u, 3u, 5u, 8u, 10u, 14u, 17u, 200u}) {
    LogDemultiplexer demultiplexer;
    demultiplexer.feed(std::string_view(body).substr(0, cut));
    demultiplexer.feed(std::string_view(body).substr(cut));
    CHECK(demultiplexer.finish() == "first\n" + std::string(300, 'x') + "\n");
  }
}

TEST_CASE("a body fed byte by byte demultiplexes the same", "[docker]") {
  const std::string body = frame(1, "a\n") + frame(2, "") + frame(1, "b\n");
  LogDemultiplexer demultiplexer;
  for (char byte : body) {
    demultiplexer.feed(std::string_view(&byte, 1));
  }
  CHECK(demultiplexer.finish() == "a\nb\n");
}

TEST_CASE("a payload larger than 255 bytes uses every size byte", "[docker]") {
  const std::string payload(70000, 'z');
  CHECK(demultiplex_logs(frame(1, payload)) == payload);
}

TEST_CASE("TTY logs are raw and come back unchanged", "[docker]") {
  // logs-tty.txt: no frames, CRLF line ends.
  CHECK(demultiplex_logs("tty-out\r\ntty-err\r\n") == "tty-out\r\ntty-err\r\n");
  CHECK(demultiplex_logs("ok") == "ok");
  CHECK(demultiplex_logs("") == "");
}

TEST_CASE("a frame cut short keeps the payload bytes that arrived", "[docker]") {
  const std::string body = frame(1, "whole\n") + frame(1, "cut off here\n");
  CHECK(demultiplex_logs(body.substr(0, body.size() - 5)) == "whole\ncut off ");
}
