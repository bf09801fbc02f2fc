#pragma once

#include <cstddef>
#include <string_view>

namespace smfront::bosh {

/// What the BOSH door answers at the HTTP level (spec §2). Only these rows use HTTP error
/// codes; every BOSH-level error is a 200 with a terminate body.
enum class HttpAnswer {
  Preflight,         ///< 200, empty, CORS preflight headers
  InfoPage,          ///< 200, a small text/html page
  BoshBody,          ///< 200, text/xml; charset=utf-8, always a <body/>
  EmptyPost,         ///< 400
  MethodNotAllowed,  ///< 405 with Allow: kAllowedMethods
  NotFound,          ///< 404
};

struct HttpDisposition {
  HttpAnswer answer = HttpAnswer::NotFound;
  unsigned status = 404;

  friend bool operator==(const HttpDisposition&, const HttpDisposition&) = default;
};

/// Value of the Allow header on a 405.
inline constexpr std::string_view kAllowedMethods = "GET, POST, OPTIONS";

/// @brief Whether @p target (request-target, query ignored) is /http-bind/ or /http-bind.
bool isBindPath(std::string_view target) noexcept;

/// @brief The row of spec §2 for @p method (case-sensitive, RFC 9110) on @p target with a
/// body of @p bodyBytes.
HttpDisposition classifyHttp(std::string_view method, std::string_view target, std::size_t bodyBytes) noexcept;

}  // namespace smfront::bosh
