#pragma once

#include <string_view>

#include "mr/codec.hpp"
#include "mr/frame_decoder.hpp"
#include "mr/messages.hpp"
#include "mr/session.hpp"

namespace smfront::mr {

/// One connection's MR end: bytes in, session out. Glue for a socket:
///
///   link.feed(chunk);                        // whatever the read returned
///   while (link.next(now)) {                 // one frame at a time
///     handle(link.session().events());       // views valid until the next next()/feed()
///     link.session().clearEvents();
///   }
///   write(link.session().outbox());          // then clear it
///   if (link.session().closeDecision()) ...  // close once written
///
/// One frame at a time because events point into the decoded message, which the next frame
/// overwrites.
class Link {
 public:
  Link(const SessionOptions& options, TimePoint now) : session_(options, now) {}

  Session& session() noexcept { return session_; }
  const Session& session() const noexcept { return session_; }

  /// @brief Buffers @p bytes received from the peer.
  void feed(std::string_view bytes) { decoder_.feed(bytes); }
  /// @brief Decodes the next buffered frame and hands it to the session; false when no
  /// complete frame is buffered or the session is closed.
  bool next(TimePoint now);

  /// The last frame next() handled: its decode status and, when that is ok, the message.
  const DecodeStatus& lastStatus() const noexcept { return status_; }
  const Message& lastMessage() const noexcept { return message_; }

 private:
  FrameDecoder decoder_;
  Message message_;
  DecodeStatus status_;
  Session session_;
};

}  // namespace smfront::mr
