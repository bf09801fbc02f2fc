#include "mr/frame_decoder.hpp"

namespace smfront::mr {

namespace {

std::uint32_t readU32(const char* p) noexcept {
  const auto* b = reinterpret_cast<const unsigned char*>(p);
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | std::uint32_t{b[3]};
}

}  // namespace

void FrameDecoder::feed(std::string_view chunk) {
  if (tooLong_ != 0) return;
  // Drop what was returned; only a partial frame is ever moved, so the buffer stays about
  // one frame plus one chunk long and keeps its capacity.
  if (start_ == buffer_.size()) {
    buffer_.clear();
  } else if (start_ > 0) {
    buffer_.erase(0, start_);
  }
  start_ = 0;
  buffer_.append(chunk);
}

FrameDecoder::Status FrameDecoder::next(Frame& frame) {
  if (tooLong_ != 0) return Status::TooLong;
  const std::size_t available = buffer_.size() - start_;
  if (available < kHeaderBytes) return Status::NeedMore;
  const char* head = buffer_.data() + start_;
  const std::uint32_t length = readU32(head);
  if (length > maxBody_) {
    tooLong_ = length;
    return Status::TooLong;
  }
  if (available < kHeaderBytes + length) return Status::NeedMore;
  frame.type = readU32(head + 4);
  frame.body = std::string_view(head + kHeaderBytes, length);
  start_ += kHeaderBytes + length;
  return Status::Frame;
}

}  // namespace smfront::mr
