#include "ccp/api_errors.hpp"

#include "ccp/request_body.hpp"
#include "xml/parser.hpp"
#include "xml/writer.hpp"

namespace smfront::ccp {

ApiError fieldRequired(std::string_view field) {
  std::string message(field);
  message += " is required";
  return {std::string(errorType::kFieldRequired), std::string(field), std::move(message)};
}

ApiError outOfRange(std::string_view field, std::string message) {
  return {std::string(errorType::kOutOfRange), std::string(field), std::move(message)};
}

ApiError invalidValue(std::string_view field, std::string message) {
  return {std::string(errorType::kInvalidValue), std::string(field), std::move(message)};
}

int httpStatusFor(std::string_view type) noexcept {
  // Every invalidInput.* and invalidState.* problem is a client error answered with 400.
  if (type.starts_with("invalidInput.") || type.starts_with("invalidState.")) return 400;
  if (type == errorType::kNotFound) return 404;
  if (type == errorType::kNotAuthorized) return 401;
  if (type == errorType::kForbidden) return 403;
  if (type == errorType::kMethodNotAllowed) return 405;
  if (type == errorType::kPreconditionFailed) return 412;
  if (type == errorType::kUnsupportedMediaType) return 415;
  if (type == errorType::kTooManyRequests) return 429;
  if (type == errorType::kServiceUnavailable) return 503;
  return 500;
}

std::string serializeApiErrors(std::span<const ApiError> problems) {
  xml::Writer w;
  w.open("apiErrors");
  for (const ApiError& p : problems) {
    w.open("apiError")
        .leaf("errorType", p.errorType)
        .leaf("errorData", p.errorData)
        .leaf("errorMessage", p.errorMessage)
        .close();
  }
  w.close();
  return w.take();
}

std::optional<Problems> parseApiErrors(std::string_view body) {
  const xml::ParseResult doc = xml::parseDocument(body, kBodyLimits);
  if (!doc || doc->name() != "apiErrors") return std::nullopt;
  Problems problems;
  for (const xml::Element& e : doc->children("apiError")) {
    problems.push_back({e.childText("errorType"), e.childText("errorData"), e.childText("errorMessage")});
  }
  return problems;
}

}  // namespace smfront::ccp
