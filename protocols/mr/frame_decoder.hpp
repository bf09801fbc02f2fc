#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "mr/codec.hpp"
#include "mr/table.hpp"

namespace smfront::mr {

/// Cuts a byte stream into frames (8-byte MHDR + body), however the stream was chunked.
///
///   decoder.feed(chunk);
///   Frame frame;
///   while (decoder.next(frame) == FrameDecoder::Status::Frame) handle(frame);
///
/// A frame's body is a view into the decoder's buffer, valid until the next feed() or next().
/// A MessageLength over the limit loses the framing for good (spec §8.3): next() keeps
/// answering TooLong, and the link must be closed.
class FrameDecoder {
 public:
  enum class Status { Frame, NeedMore, TooLong };

  explicit FrameDecoder(std::uint32_t maxBody = kMaxBodyBytes) : maxBody_(maxBody) {}

  /// @brief Appends @p chunk to what is buffered.
  void feed(std::string_view chunk);
  /// @brief The next complete frame, if one is buffered.
  Status next(Frame& frame);

  /// @brief Bytes received and not yet returned in a frame.
  std::size_t buffered() const noexcept { return buffer_.size() - start_; }
  /// @brief The MessageLength that broke the framing (after TooLong).
  std::uint32_t tooLongLength() const noexcept { return tooLong_; }

 private:
  std::uint32_t maxBody_;
  std::string buffer_;
  std::size_t start_ = 0;  // first byte not yet returned
  std::uint32_t tooLong_ = 0;
};

}  // namespace smfront::mr
