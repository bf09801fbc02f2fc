#pragma once
// SocialMiner's error body: <apiErrors><apiError>... with errorType, errorData
// and errorMessage. Every API 4xx/5xx carries one.
#include <string_view>
#include <vector>

#include "net/http_message.hpp"

namespace smfront::api {

struct ApiError {
  std::string_view type;     // e.g. "invalidInput.fieldRequired", "notFound"
  std::string_view data;     // e.g. the field name; may be empty
  std::string_view message;  // English, for people
};

/// One apiError per problem, in one response.
net::Response apiErrors(int status, const std::vector<ApiError>& errors);
net::Response apiError(int status, std::string_view type, std::string_view data, std::string_view message);

/// The errorType SocialMiner uses for an HTTP status the door produces itself.
std::string_view errorTypeFor(int status);

}  // namespace smfront::api
