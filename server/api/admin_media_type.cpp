#include "api/admin_media_type.hpp"

#include <vector>

#include "api/api_error.hpp"
#include "api/route_table.hpp"
#include "ccp/api_errors.hpp"

namespace smfront::api {

namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Checked on the decoded path, as the router matches it.
bool isAdminPath(std::string_view encodedPath) {
  std::vector<std::string> segments;
  return splitPath(encodedPath, segments) && !segments.empty() && segments.front() == "ccp-webapp";
}

// A DELETE names its target in the URL; only one that carries a body must say what the body is.
bool writes(const net::Request& request) {
  return request.method == "POST" || request.method == "PUT" || (request.method == "DELETE" && !request.body.empty());
}

}  // namespace

bool isXmlMediaType(std::string_view contentType) {
  const auto type = trimmed(contentType.substr(0, contentType.find(';')));
  return net::equalsIgnoreCase(type, "application/xml") || net::equalsIgnoreCase(type, "text/xml");
}

boost::asio::awaitable<net::Response> AdminMediaType::handle(net::Request& request) {
  if (writes(request) && isAdminPath(request.path()) && !isXmlMediaType(request.headers.get("Content-Type"))) {
    auto r = apiError(415, ccp::errorType::kUnsupportedMediaType, "Content-Type",
                      "admin writes take XML: send Content-Type: application/xml");
    r.route = "admin-media-type";
    co_return r;
  }
  co_return co_await inner_.handle(request);
}

}  // namespace smfront::api
