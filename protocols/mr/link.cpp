#include "mr/link.hpp"

namespace smfront::mr {

bool Link::next(TimePoint now) {
  if (session_.state() == LinkState::Closed) return false;
  Frame frame;
  switch (decoder_.next(frame)) {
    case FrameDecoder::Status::NeedMore:
      return false;
    case FrameDecoder::Status::TooLong:
      status_ = DecodeStatus{ErrorCode::InvalidMessage, 0, std::nullopt, std::nullopt, "MessageLength over the limit"};
      session_.framingLost(now);
      return true;
    case FrameDecoder::Status::Frame:
      break;
  }
  status_ = decode(frame, message_, session_.options().codec);
  if (status_.ok()) {
    session_.receive(message_, now);
  } else {
    session_.receiveInvalid(status_, now);
  }
  return true;
}

}  // namespace smfront::mr
