#pragma once
// The HTTP face of the BOSH door (spec bosh-xmpp §2): the fixed answers for
// OPTIONS, GET, empty POSTs, other methods and paths, and the CORS and cache
// headers every answer carries, errors included.
#include <string>
#include <string_view>

#include "net/cors.hpp"
#include "bosh/http_rules.hpp"
#include "net/http_message.hpp"

namespace smfront::eventing {

/// @brief CORS (spec §2: origin echoed when allowed, methods, headers, max-age) and
/// Cache-Control: no-store on @p response.
void decorateBoshResponse(const net::CorsPolicy& cors, const net::Request& request, net::Response& response);

/// @brief The answer for every row of the HTTP table except BoshBody.
net::Response fixedAnswer(bosh::HttpAnswer answer);

/// @brief HTTP 200 text/xml carrying a <body/>.
net::Response boshAnswer(std::string body);

}  // namespace smfront::eventing
