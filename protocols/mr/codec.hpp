#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "mr/messages.hpp"
#include "mr/table.hpp"

namespace smfront::mr {

// Message bodies to bytes and back, both driven by table.hpp. Bytes are chars (std::string
// output, std::string_view input) so they go to and from socket buffers without casts.

struct CodecOptions {
  FloatWidth floatWidth = FloatWidth::TwoTwo;
};

/// One framed message: its MessageType and its body (the MHDR stripped).
struct Frame {
  std::uint32_t type = 0;
  std::string_view body;
};

/// Why a frame did not decode into a message, with what is needed to answer it (spec §8).
struct DecodeStatus {
  ErrorCode code = ErrorCode::NoError;
  /// The frame's MessageType, known to the table or not.
  std::uint32_t type = 0;
  /// The message's InvokeID when its type has one and the body reaches it: the answer is then
  /// FAILURE_CONF with it, else FAILURE_EVENT.
  std::optional<std::uint32_t> invokeId;
  std::optional<std::uint32_t> dialogueId;
  /// Short English reason for logs, a string literal.
  const char* reason = "";

  bool ok() const noexcept { return code == ErrorCode::NoError; }
};

/// What the encoder had to repair to stay within the protocol (§3.2, §3.3); worth a log line
/// when not clean.
struct EncodeReport {
  /// Strings (or variable names and values) cut to their limit.
  unsigned truncated = 0;
  /// Bytes outside 0x20-0x7E replaced with '?'.
  unsigned replaced = 0;
  /// NamedVariable / NamedArray items left out to keep named data within kMaxNamedDataBytes.
  unsigned droppedVariables = 0;

  bool clean() const noexcept { return truncated == 0 && replaced == 0 && droppedVariables == 0; }
};

/// @brief UTF-8 text as the link carries it: printable ASCII, each other character (a code
/// point, or a control character) as one '?', so that n characters stay within n bytes. The
/// encoder's own repair works on bytes and would make two to four '?' of one character.
std::string printableText(std::string_view utf8);

/// @brief Appends the frame (MHDR + body) of @p message to @p out.
///
/// Empty strings are not sent. Strings are made printable ASCII and cut to the table's limit,
/// named data that would exceed kMaxNamedDataBytes is dropped; @p report (if given) counts
/// each repair. The result is always a valid frame of the table.
template <MessageStruct M>
void encode(const M& message, std::string& out, const CodecOptions& options = {}, EncodeReport* report = nullptr);

/// @brief encode() for whichever message @p message holds.
void encode(const Message& message, std::string& out, const CodecOptions& options = {},
            EncodeReport* report = nullptr);

/// @brief Decodes @p frame into @p out, reusing the message @p out holds when it is of the
/// frame's type (its named-data vectors keep their capacity).
///
/// Checks every rule of spec §8.3 and §8.4 that a single message can break: unknown type,
/// body shorter than the fixed part, float past the end, string over its limit or with a byte
/// outside 0x20-0x7E, repeated non-repeatable tag, required float missing, named data over
/// 2000 bytes (E_INVALID_MESSAGE), and unknown or misplaced tag (E_INVALID_FIELD_TAG). On
/// failure @p out holds an unspecified message. String views in @p out point into
/// @p frame.body.
DecodeStatus decode(const Frame& frame, Message& out, const CodecOptions& options = {});

/// @brief decode() into a message of one known type; a frame of another type is
/// E_INVALID_MESSAGE.
template <MessageStruct M>
DecodeStatus decode(const Frame& frame, M& out, const CodecOptions& options = {});

}  // namespace smfront::mr
