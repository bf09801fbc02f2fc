#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace smfront::ccp {

/// One problem with a request, as one <apiError> of an <apiErrors> reply (spec §2.4).
struct ApiError {
  std::string errorType;
  std::string errorData;
  std::string errorMessage;

  friend bool operator==(const ApiError&, const ApiError&) = default;
};

/// Every problem found in one request, in the order they were found.
using Problems = std::vector<ApiError>;

/// The errorType values of spec §2.4.
namespace errorType {
inline constexpr std::string_view kNotFound = "notFound";
inline constexpr std::string_view kFieldRequired = "invalidInput.fieldRequired";
inline constexpr std::string_view kOutOfRange = "invalidInput.outOfRange";
inline constexpr std::string_view kInvalidValue = "invalidInput.invalidValue";
inline constexpr std::string_view kChangeStamp = "invalidState.changeStamp";
inline constexpr std::string_view kReserved = "invalidState.reserved";
inline constexpr std::string_view kTransition = "invalidState.transition";
inline constexpr std::string_view kChatEnded = "invalidState.chatEnded";
inline constexpr std::string_view kNotAuthorized = "notAuthorized";
inline constexpr std::string_view kForbidden = "forbidden";
inline constexpr std::string_view kMethodNotAllowed = "methodNotAllowed";
inline constexpr std::string_view kPreconditionFailed = "preconditionFailed";
inline constexpr std::string_view kUnsupportedMediaType = "unsupportedMediaType";
inline constexpr std::string_view kTooManyRequests = "tooManyRequests";
inline constexpr std::string_view kInternalError = "internalError";
inline constexpr std::string_view kServiceUnavailable = "serviceUnavailable";
}  // namespace errorType

/// @brief {fieldRequired, @p field, "<field> is required"}.
ApiError fieldRequired(std::string_view field);
/// @brief {outOfRange, @p field, @p message}.
ApiError outOfRange(std::string_view field, std::string message);
/// @brief {invalidValue, @p field, @p message}.
ApiError invalidValue(std::string_view field, std::string message);

/// @brief HTTP status for @p type per the table of spec §2.4; 500 for an unknown type.
int httpStatusFor(std::string_view type) noexcept;

/// @brief `<apiErrors>` with one `<apiError>` per problem, in order.
std::string serializeApiErrors(std::span<const ApiError> problems);

/// @brief Reads an `<apiErrors>` document; nullopt when @p body is not one.
std::optional<Problems> parseApiErrors(std::string_view body);

}  // namespace smfront::ccp
