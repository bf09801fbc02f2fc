#pragma once
// smfront's outbound HTTP and HTTPS (the HTTP notifier's POSTs; fetching
// feeds): one exchange per call on a fresh connection, bounded as a door is:
// one deadline for the whole exchange, a cap on the answer's head and body,
// at most a few redirects (GET and HEAD only; credentials never follow a
// redirect to another origin), and the server's certificate checked against
// its name unless the caller says not to. Runs on the caller's executor.
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "net/http_message.hpp"

namespace boost::asio::ssl {
class context;
}

namespace smfront::net {

struct OutboundRequest {
  std::string method = "GET";
  std::string url;           // http:// or https://
  Headers headers{};         // Authorization, Content-Type, If-None-Match, ...
  std::string body{};
  bool verifyTls = true;     // false: any certificate (a lab's self-signed server)
  std::chrono::milliseconds timeout{10000};  // connect, TLS, request and answer together
  std::size_t maxBodyBytes = 1024 * 1024;
  int maxRedirects = 0;
};

struct OutboundResponse {
  int status = 0;
  Headers headers;
  std::string body;
  std::string url;  // the one that answered, after redirects
};

/// The answer, or why there is none ("connect: Connection refused", "timed out",
/// "TLS handshake: ... (the certificate does not match host)", ...).
struct OutboundResult {
  std::optional<OutboundResponse> response;
  std::string error;
};

/// The parts of an http(s) URL a connection needs; nullopt for anything else.
struct UrlTarget {
  bool tls = false;
  std::string host;       // for the resolver and the certificate check: no brackets
  std::string port;
  std::string hostField;  // the Host header: brackets and a port as the URL had them
  std::string target;     // path and query
};
std::optional<UrlTarget> urlTarget(std::string_view url);

class HttpClient {
 public:
  /// `caFile` (PEM): the CAs to trust instead of the system's.
  explicit HttpClient(std::filesystem::path caFile = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  boost::asio::awaitable<OutboundResult> send(OutboundRequest request);

 private:
  boost::asio::ssl::context& tlsContext();

  std::filesystem::path caFile_;
  std::shared_ptr<boost::asio::ssl::context> tls_;  // made at the first https request, then kept
};

}  // namespace smfront::net
