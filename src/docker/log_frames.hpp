#pragma once

#include <string>
#include <string_view>

namespace chora::docker {

// Turns the body of GET /containers/{id}/logs into text. Without a TTY the engine sends
// frames, an 8-byte header {stream, 0, 0, 0, size as big-endian uint32} followed by `size`
// bytes; with a TTY it sends the raw bytes. Which one it is shows in the first four bytes.
// Bytes may be fed in pieces of any size: a frame can be split across reads.
class LogDemultiplexer {
 public:
  void feed(std::string_view bytes);

  // Ends the input and returns the text: the payloads of all frames, stdout and stderr
  // interleaved in the order the engine sent them. A frame cut short contributes the
  // bytes that did arrive.
  std::string finish();

 private:
  enum class Format { kUnknown, kFramed, kRaw };

  void decide_format();
  void take_frames();

  Format format_ = Format::kUnknown;
  std::string pending_;  // bytes not yet turned into text
  std::string text_;
};

// The text of a whole logs body, framed or raw.
std::string demultiplex_logs(std::string_view body);

}  // namespace chora::docker
