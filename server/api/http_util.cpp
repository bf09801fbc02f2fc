#include "api/http_util.hpp"

#include <charconv>

#include "ccp/form_encoding.hpp"

namespace smfront::api {

std::optional<std::int64_t> parseInteger(std::string_view text) {
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<std::string> cookie(const net::Request& request, std::string_view name) {
  for (const auto& header : request.headers) {
    if (!net::equalsIgnoreCase(header.name, "Cookie")) continue;
    std::string_view rest = header.value;
    while (!rest.empty()) {
      const auto semicolon = rest.find(';');
      std::string_view pair = rest.substr(0, semicolon);
      rest = semicolon == std::string_view::npos ? std::string_view{} : rest.substr(semicolon + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const auto eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    }
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> queryParams(const net::Request& request) {
  // The one decoder of query strings and form bodies: '+' is a space, as browsers
  // and Cisco's samples write it (search q, summary, metrics, ...).
  std::vector<std::pair<std::string, std::string>> out;
  auto fields = ccp::parseFormFields(request.query());
  if (!fields) return out;  // a bad escape: the query says nothing
  for (auto& field : *fields) out.emplace_back(std::move(field.name), std::move(field.value));
  return out;
}

std::optional<std::string> find(const std::vector<std::pair<std::string, std::string>>& params, std::string_view name) {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::optional<std::string> queryParam(const net::Request& request, std::string_view name) {
  return find(queryParams(request), name);
}

}  // namespace smfront::api
