#pragma once

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "mr/codec.hpp"
#include "mr/messages.hpp"
#include "mr/session.hpp"

namespace smfront::mr::testing {

inline std::vector<Frame> splitFrames(std::string_view bytes);

// Decodes what a session or the encoder wrote. Decoded messages are views, so the bytes they
// came from are kept for the life of the Wire.
class Wire {
 public:
  explicit Wire(CodecOptions options = {}) : options_(options) {}

  /// @brief Every frame of @p bytes, decoded; a frame that does not decode fails the test.
  std::vector<Message> decodeAll(std::string bytes) {
    kept_.push_back(std::move(bytes));
    std::vector<Message> out;
    for (const Frame& frame : splitFrames(kept_.back())) {
      Message message;
      const DecodeStatus status = decode(frame, message, options_);
      EXPECT_TRUE(status.ok()) << messageName(frame.type) << ": " << status.reason;
      out.push_back(std::move(message));
    }
    return out;
  }

  /// @brief The messages @p session has queued since the last take; empties its outbox.
  std::vector<Message> take(Session& session) {
    std::string bytes;
    bytes.swap(session.outbox());
    return decodeAll(std::move(bytes));
  }

 private:
  CodecOptions options_;
  std::deque<std::string> kept_;
};

/// @brief Frames of @p bytes as views into it (complete frames only).
inline std::vector<Frame> splitFrames(std::string_view bytes) {
  std::vector<Frame> frames;
  while (bytes.size() >= kHeaderBytes) {
    const auto u32 = [&](std::size_t at) {
      const auto* b = reinterpret_cast<const unsigned char*>(bytes.data() + at);
      return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8) | b[3];
    };
    const std::uint32_t length = u32(0);
    frames.push_back({u32(4), bytes.substr(kHeaderBytes, length)});
    bytes.remove_prefix(kHeaderBytes + length);
  }
  return frames;
}

/// @brief Session::receive for a message built in the test. Events may point into the
/// message, so every one is kept alive until the program ends.
inline void receive(Session& session, Message message, TimePoint now) {
  static std::deque<Message> kept;
  kept.push_back(std::move(message));
  session.receive(kept.back(), now);
}

/// @brief Big-endian u32 as 4 bytes, for hand-made frames.
inline std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}
inline std::string be16(std::uint32_t v) { return {static_cast<char>(v >> 8), static_cast<char>(v)}; }

/// @brief A frame with @p body as given, MessageLength computed.
inline std::string frameOf(std::uint32_t type, std::string_view body) {
  return be32(static_cast<std::uint32_t>(body.size())) + be32(type) + std::string(body);
}

template <class M>
const M& as(const Message& message) {
  EXPECT_TRUE(std::holds_alternative<M>(message)) << "got " << messageName(typeOf(message));
  static const M empty{};
  const M* m = std::get_if<M>(&message);
  return m ? *m : empty;
}

template <class E>
const E* find(const std::vector<Event>& events) {
  for (const Event& e : events) {
    if (const E* found = std::get_if<E>(&e)) return found;
  }
  return nullptr;
}

}  // namespace smfront::mr::testing
