#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/unique_fd.hpp"

namespace smfront::testing {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// Every field has an initializer so designated initializers may name only some of
// them without -Wmissing-field-initializers warnings.
struct TlsOptions {
  // PEM file of trusted CAs; empty means the system trust store.
  std::string caFile{};
  int minVersion = TLS1_2_VERSION;
  int maxVersion = TLS1_3_VERSION;
  // Sent as SNI and required in the certificate (SSL_set1_host). An IP literal is
  // matched against the IP SANs and sends no SNI; empty skips the name check.
  std::string serverName = "localhost";
  // PEM client certificate and its key, for servers that ask for one; empty: none.
  std::string certFile{};
  std::string keyFile{};
};

struct ConnectResult {
  bool ok = false;
  std::string error{};           // why not: connect errno text, TLS alert, verify error
  int tlsVersion = 0;            // SSL_version(), e.g. TLS1_3_VERSION; 0 for plain TCP
  std::string tlsVersionName{};  // "TLSv1.3"
  std::string cipher{};
  explicit operator bool() const { return ok; }
};

struct HttpResponse {
  std::string version{};  // "HTTP/1.1"
  int status = 0;
  std::string reason{};
  HeaderList headers{};   // in arrival order, repeated headers kept, names as sent
  HeaderList trailers{};  // after a chunked body
  std::string body{};     // de-chunked
  bool chunked = false;

  // First value of the header, names compared case-insensitively.
  std::optional<std::string> header(std::string_view name) const;
  std::vector<std::string> headerValues(std::string_view name) const;
  bool hasHeader(std::string_view name) const { return header(name).has_value(); }
  // Status line, headers and the start of the body, for assertion messages.
  std::string describe(std::size_t maxBody = 512) const;
};

// A blocking HTTP/1.1 client over one TCP or TLS connection, for driving the server
// byte by byte. Every call takes a deadline and reports failure (with lastError())
// instead of throwing, so tests can assert on refusals and closes. Bytes read past
// one response stay buffered, so pipelined responses are read one by one.
//
// Constructing one makes the process ignore SIGPIPE: writing to a connection the
// server has closed must be an error to assert on, not the death of the test.
class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(HttpClient&&) noexcept;
  HttpClient& operator=(HttpClient&&) noexcept;
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Address connect() uses; default 127.0.0.1. IPv6 literals ("::1") work too.
  void setAddress(std::string address) { address_ = std::move(address); }
  // Local address connect() binds to first, e.g. "127.0.0.2" to be another
  // client on loopback; empty (the default): the kernel's choice.
  void setSourceAddress(std::string address) { source_ = std::move(address); }

  // Plain TCP to address:port. Drops any earlier connection first.
  ConnectResult connect(int port, std::chrono::milliseconds deadline);
  // TCP then a TLS handshake with certificate and host name verification. A failed
  // handshake is a result with error text, e.g. a server refusing TLS 1.1.
  ConnectResult connect(int port, const TlsOptions& tls, std::chrono::milliseconds deadline);

  bool connected() const { return fd_.valid(); }
  bool isTls() const { return ssl_ != nullptr; }
  int tlsVersion() const;               // SSL_version(), 0 when plain
  int fd() const { return fd_.get(); }  // for socket-level tricks, e.g. shutdown(SHUT_WR)

  // Sends a TLS close_notify (when TLS) and closes.
  void close();
  // Closes with SO_LINGER 0, so the server sees a reset instead of an orderly close.
  void reset();

  bool sendRaw(std::string_view bytes,
               std::chrono::milliseconds deadline = std::chrono::seconds(5));
  // Sends one byte, waits `interval`, sends the next... The interval is the input of a
  // slow-client test, not a wait for anything. Meanwhile whatever the server sends is
  // buffered; if it closes the connection this stops early and returns false.
  bool sendSlowly(std::string_view bytes, std::chrono::milliseconds interval,
                  std::chrono::milliseconds deadline);

  // Reads one response: status line, headers, then the body by Content-Length, by
  // chunked coding, or until close when it has neither. headResponse says the request
  // was HEAD (no body whatever the headers say); 1xx, 204 and 304 never have one.
  std::optional<HttpResponse> readResponse(std::chrono::milliseconds deadline,
                                           bool headResponse = false);
  // Sends "METHOD target HTTP/1.1" with Host (unless given) and Content-Length (when
  // there is a body, or for POST/PUT/PATCH) and reads one response.
  std::optional<HttpResponse> request(std::string_view method, std::string_view target,
                                      const HeaderList& headers = {}, std::string_view body = {},
                                      std::chrono::milliseconds deadline = std::chrono::seconds(5));

  // True when the server closes the connection (EOF, reset, TLS close) before the
  // deadline. Data arriving meanwhile is kept for readResponse().
  bool waitForPeerClose(std::chrono::milliseconds deadline);
  // Reads until at least `bytes` are buffered (see buffered()); false when the
  // deadline passes or the peer closes first.
  bool readAtLeast(std::size_t bytes, std::chrono::milliseconds deadline);
  bool peerClosed() const { return peerClosed_; }

  // Why the last call failed.
  const std::string& lastError() const { return lastError_; }
  // Bytes received but not yet consumed as a response.
  const std::string& buffered() const { return readBuf_; }

 private:
  using Clock = std::chrono::steady_clock;
  enum class Io { Ok, Timeout, Closed, Error };

  struct SslDeleter {
    void operator()(SSL* ssl) const;
    void operator()(SSL_CTX* ctx) const;
  };

  ConnectResult connectTcp(int port, Clock::time_point end);
  ConnectResult handshake(const TlsOptions& tls, Clock::time_point end);
  Io readSome(Clock::time_point end);
  bool writeAll(std::string_view bytes, Clock::time_point end);
  std::optional<HttpResponse> readResponseUntil(Clock::time_point end, bool headResponse);
  ConnectResult fail(std::string error);

  std::string source_;
  std::string address_ = "127.0.0.1";
  std::string hostHeader_;
  UniqueFd fd_;
  std::unique_ptr<SSL_CTX, SslDeleter> ctx_;
  std::unique_ptr<SSL, SslDeleter> ssl_;
  std::string readBuf_;
  bool peerClosed_ = false;
  std::string lastError_;
};

}  // namespace smfront::testing
