#include "api/api_error.hpp"

#include "ccp/api_errors.hpp"

namespace smfront::api {

net::Response apiErrors(int status, const std::vector<ApiError>& errors) {
  ccp::Problems problems;
  problems.reserve(errors.size());
  for (const auto& e : errors) {
    problems.push_back({std::string(e.type), std::string(e.data), std::string(e.message)});
  }
  return net::Response::text(status, ccp::serializeApiErrors(problems), "application/xml; charset=utf-8");
}

net::Response apiError(int status, std::string_view type, std::string_view data, std::string_view message) {
  return apiErrors(status, {{type, data, message}});
}

std::string_view errorTypeFor(int status) {
  switch (status) {
    case 401: return ccp::errorType::kNotAuthorized;
    case 403: return ccp::errorType::kForbidden;
    case 404: return ccp::errorType::kNotFound;
    case 405: return ccp::errorType::kMethodNotAllowed;
    case 412: return ccp::errorType::kPreconditionFailed;
    case 415: return ccp::errorType::kUnsupportedMediaType;
    case 429: return ccp::errorType::kTooManyRequests;
    case 500: return ccp::errorType::kInternalError;
    case 503: return ccp::errorType::kServiceUnavailable;
  }
  // 400, 408, 413, 431: the request itself is unusable.
  return status == 413 || status == 431 ? ccp::errorType::kOutOfRange : ccp::errorType::kInvalidValue;
}

}  // namespace smfront::api
