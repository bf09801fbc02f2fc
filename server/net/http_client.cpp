#include "net/http_client.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "net/tls_client.hpp"

namespace smfront::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

namespace {

constexpr std::size_t kMaxHeadBytes = 16 * 1024;

bool isRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::string describe(const error_code& ec, std::size_t maxBodyBytes) {
  if (ec == beast::error::timeout) return "timed out";
  if (ec == http::error::body_limit) return "the answer is over " + std::to_string(maxBodyBytes) + " bytes";
  if (ec == http::error::header_limit) return "the answer's head is over " + std::to_string(kMaxHeadBytes) + " bytes";
  return ec.message();
}

// One request and its answer on a connected stream (plain or TLS).
template <class Stream>
asio::awaitable<OutboundResult> exchange(Stream& stream, const http::request<http::string_body>& request,
                                         std::size_t maxBodyBytes) {
  error_code ec;
  co_await http::async_write(stream, request, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return OutboundResult{.response = std::nullopt, .error = "send: " + describe(ec, maxBodyBytes)};
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.header_limit(kMaxHeadBytes);
  parser.body_limit(maxBodyBytes);
  if (request.method() == http::verb::head) parser.skip(true);
  co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return OutboundResult{.response = std::nullopt, .error = "answer: " + describe(ec, maxBodyBytes)};
  auto message = parser.release();
  OutboundResponse response;
  response.status = static_cast<int>(message.result_int());
  for (const auto& field : message) response.headers.add(std::string(field.name_string()), std::string(field.value()));
  response.body = std::move(message.body());
  co_return OutboundResult{.response = std::move(response), .error = {}};
}

}  // namespace

std::optional<UrlTarget> urlTarget(std::string_view url) {
  const auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return std::nullopt;
  UrlTarget t;
  const auto scheme = parsed->scheme();
  if (scheme == "https") {
    t.tls = true;
  } else if (scheme != "http") {
    return std::nullopt;
  }
  t.host = parsed->host_address();
  if (t.host.empty()) return std::nullopt;
  t.port = parsed->has_port() ? std::string(parsed->port()) : (t.tls ? "443" : "80");
  t.hostField = parsed->encoded_host_and_port();
  t.target = parsed->encoded_path();
  if (t.target.empty()) t.target = "/";
  if (parsed->has_query()) t.target += "?" + std::string(parsed->encoded_query());
  return t;
}

HttpClient::HttpClient(std::filesystem::path caFile) : caFile_(std::move(caFile)) {}
HttpClient::~HttpClient() = default;

ssl::context& HttpClient::tlsContext() {
  if (!tls_) tls_ = makeClientTlsContext(caFile_);
  return *tls_;
}

namespace {

// One request on a fresh connection to `target`; `tls` is set for https.
asio::awaitable<OutboundResult> sendOnce(const OutboundRequest& request, http::verb verb, const UrlTarget& target,
                                         ssl::context* tls) {
  const auto executor = co_await asio::this_coro::executor;
  http::request<http::string_body> message{verb, target.target, 11};
  message.set(http::field::host, target.hostField);
  message.set(http::field::user_agent, "smfront");
  message.set(http::field::connection, "close");
  for (const auto& field : request.headers) message.set(field.name, field.value);
  if (!request.body.empty() || verb == http::verb::post || verb == http::verb::put) {
    message.body() = request.body;
    message.prepare_payload();
  }

  error_code ec;
  tcp::resolver resolver(executor);
  const auto endpoints =
      co_await resolver.async_resolve(target.host, target.port, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return OutboundResult{.response = std::nullopt, .error = "resolve " + target.host + ": " + ec.message()};
  beast::tcp_stream stream(executor);
  stream.expires_after(request.timeout);  // one deadline for everything below
  co_await stream.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return OutboundResult{.response = std::nullopt, .error = "connect: " + describe(ec, 0)};
  if (tls == nullptr) co_return co_await exchange(stream, message, request.maxBodyBytes);

  beast::ssl_stream<beast::tcp_stream> secure(std::move(stream), *tls);
  expectServer(secure.native_handle(), target.host, request.verifyTls);
  co_await secure.async_handshake(ssl::stream_base::client, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    std::string why = "TLS handshake: " + describe(ec, 0);
    if (const auto refusal = certificateRefusal(secure.native_handle(), target.host); !refusal.empty()) {
      why += " (" + refusal + ")";
    }
    co_return OutboundResult{.response = std::nullopt, .error = std::move(why)};
  }
  co_return co_await exchange(secure, message, request.maxBodyBytes);
}

// The http(s) URL a Location names, resolved against the URL that answered.
std::optional<std::string> resolveLocation(std::string_view url, std::string_view location) {
  boost::urls::url next;
  const auto base = boost::urls::parse_uri(url);
  const auto reference = boost::urls::parse_uri_reference(location);
  if (!base || !reference || !boost::urls::resolve(*base, *reference, next)) return std::nullopt;
  if (!urlTarget(next.buffer())) return std::nullopt;
  return std::string(next.buffer());
}

bool sameOrigin(const UrlTarget& a, const UrlTarget& b) { return a.tls == b.tls && a.host == b.host && a.port == b.port; }

}  // namespace

asio::awaitable<OutboundResult> HttpClient::send(OutboundRequest request) {
  const auto verb = http::string_to_verb(request.method);
  if (verb == http::verb::unknown) co_return OutboundResult{.response = std::nullopt, .error = "unknown method"};
  const bool mayFollow = verb == http::verb::get || verb == http::verb::head;
  std::string url = request.url;
  for (int redirects = 0;; ++redirects) {
    const auto target = urlTarget(url);
    if (!target) co_return OutboundResult{.response = std::nullopt, .error = "not an http or https URL: " + url};
    OutboundResult result = co_await sendOnce(request, verb, *target, target->tls ? &tlsContext() : nullptr);
    if (!result.response) co_return result;
    result.response->url = url;
    const auto location = result.response->headers.get("Location");
    if (!mayFollow || !isRedirect(result.response->status) || location.empty() || redirects >= request.maxRedirects) {
      co_return result;
    }
    const auto next = resolveLocation(url, location);
    if (!next) co_return result;
    // Credentials were given for one origin (scheme, host and port) only.
    if (!sameOrigin(*target, *urlTarget(*next))) request.headers.erase("Authorization");
    url = *next;
  }
}

}  // namespace smfront::net
