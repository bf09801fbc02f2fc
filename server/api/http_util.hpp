#pragma once
// Small request helpers shared by the route files: cookies and query strings.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/http_message.hpp"

namespace smfront::api {

/// `text` as a decimal integer, all of it; nothing otherwise.
std::optional<std::int64_t> parseInteger(std::string_view text);

/// The value of cookie `name` in the request's Cookie headers.
std::optional<std::string> cookie(const net::Request& request, std::string_view name);

/// The decoded value of query parameter `name`; nothing when absent.
std::optional<std::string> queryParam(const net::Request& request, std::string_view name);

/// Every query parameter, decoded, in order; parses the query once for
/// handlers that read several.
std::vector<std::pair<std::string, std::string>> queryParams(const net::Request& request);
/// The value of `name` among `params`; nothing when absent.
std::optional<std::string> find(const std::vector<std::pair<std::string, std::string>>& params, std::string_view name);

}  // namespace smfront::api
