#include "docker/log_frames.hpp"

#include <cstdint>
#include <utility>

namespace chora::docker {

namespace {

constexpr std::size_t kHeaderSize = 8;

// Streams 0, 1 and 2 are stdin, stdout and stderr; bytes 1-3 of a header are always zero.
bool looks_like_frame_header(std::string_view bytes) {
  return static_cast<unsigned char>(bytes[0]) <= 2 && bytes[1] == '\0' && bytes[2] == '\0' &&
         bytes[3] == '\0';
}

std::size_t payload_size(std::string_view header) {
  std::uint32_t size = 0;
  for (std::size_t i = 4; i < kHeaderSize; ++i) {
    size = (size << 8) | static_cast<unsigned char>(header[i]);
  }
  return size;
}

}  // namespace

void LogDemultiplexer::feed(std::string_view bytes) {
  pending_.append(bytes);
  decide_format();

  if (format_ == Format::kRaw) {
    text_ += pending_;
    pending_.clear();
  } else if (format_ == Format::kFramed) {
    take_frames();
  }
}

std::string LogDemultiplexer::finish() {
  // A body too short to show a header is raw TTY output.
  if (format_ == Format::kUnknown || format_ == Format::kRaw) {
    text_ += pending_;
  } else if (pending_.size() > kHeaderSize) {
    text_.append(pending_, kHeaderSize);
  }
  pending_.clear();
  return std::exchange(text_, std::string());
}

void LogDemultiplexer::decide_format() {
  if (format_ != Format::kUnknown || pending_.size() < 4) {
    return;
  }
  format_ = looks_like_frame_header(pending_) ? Format::kFramed : Format::kRaw;
}

void LogDemultiplexer::take_frames() {
  std::size_t offset = 0;
  while (pending_.size() - offset >= kHeaderSize) {
    const std::string_view rest = std::string_view(pending_).substr(offset);
    const std::size_t size = payload_size(rest);
    if (rest.size() < kHeaderSize + size) {
      break;
    }
    text_.append(rest.substr(kHeaderSize, size));
    offset += kHeaderSize + size;
  }
  pending_.erase(0, offset);
}

std::string demultiplex_logs(std::string_view body) {
  LogDemultiplexer demultiplexer;
  demultiplexer.feed(body);
  return demultiplexer.finish();
}

}  // namespace chora::docker
