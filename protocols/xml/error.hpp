#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace smfront::xml {

/// Why parsing stopped. Everything except Malformed and UnexpectedEnd is a policy refusal of
/// input that is well-formed XML but that this server will not process.
enum class ErrorCode {
  None,
  Malformed,
  TooDeep,
  TooLarge,
  TooManyAttributes,
  TextTooLarge,
  ForbiddenDoctype,
  ForbiddenEntity,
  ForbiddenProcessingInstruction,
  ForbiddenComment,
  UnexpectedEnd,
};

/// A parse failure with a message fit for a log line or an error reply.
struct Error {
  ErrorCode code = ErrorCode::None;
  std::string message;
  /// 1-based position of the offending input; 0 when the error concerns the input as a whole.
  std::size_t line = 0;
  std::size_t column = 0;

  friend bool operator==(const Error&, const Error&) = default;
};

/// @brief Stable kebab-case name of @p code, e.g. "too-deep", for logs and metrics labels.
std::string_view toString(ErrorCode code) noexcept;

}  // namespace smfront::xml
