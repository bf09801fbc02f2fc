#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <mutex>

namespace smfront::testing {
namespace {

using Clock = std::chrono::steady_clock;

int pollTimeout(Clock::time_point end) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(end - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 60 * 60 * 1000));
}

// Waits for fd to become ready for `events`; false when the deadline passes.
bool waitFd(int fd, short events, Clock::time_point end) {
  for (;;) {
    pollfd p{fd, events, 0};
    const int r = ::poll(&p, 1, pollTimeout(end));
    if (r > 0) return true;
    if (r == 0) return false;
    if (errno != EINTR) return false;
  }
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// Everything OpenSSL queued for this thread, oldest first; clears the queue.
std::string sslErrors() {
  std::string text;
  while (const unsigned long e = ERR_get_error()) {
    std::array<char, 256> buf{};
    ERR_error_string_n(e, buf.data(), buf.size());
    if (!text.empty()) text += "; ";
    text += buf.data();
  }
  return text;
}

std::string printable(std::string_view bytes, std::size_t max) {
  std::string out;
  for (const char c : bytes.substr(0, max)) {
    if (c == '\r') {
      out += "\\r";
    } else if (c == '\n') {
      out += "\\n";
    } else if (std::isprint(static_cast<unsigned char>(c)) != 0) {
      out += c;
    } else {
      out += '.';
    }
  }
  if (bytes.size() > max) out += "...";
  return out;
}

bool isIpLiteral(const std::string& name) {
  in6_addr a6{};
  in_addr a4{};
  return ::inet_pton(AF_INET, name.c_str(), &a4) == 1 ||
         ::inet_pton(AF_INET6, name.c_str(), &a6) == 1;
}

enum class Parse { NeedMore, Done, Bad };

// Parses one response from the front of buf. Re-run from the start whenever more bytes
// arrive; `eof` says no more will. On Done, `consumed` is the response's length.
Parse parseResponse(std::string_view buf, bool headResponse, bool eof, HttpResponse& out,
                    std::size_t& consumed, std::string& error) {
  const auto headEnd = buf.find("\r\n\r\n");
  if (headEnd == std::string_view::npos) {
    if (buf.size() > (1u << 20)) {
      error = "no end of headers within 1 MiB";
      return Parse::Bad;
    }
    if (eof) {
      error = buf.empty()
                  ? "connection closed before a response"
                  : "connection closed inside the response head: \"" + printable(buf, 200) + "\"";
      return Parse::Bad;
    }
    return Parse::NeedMore;
  }

  out = HttpResponse{};
  const std::string_view head = buf.substr(0, headEnd);
  const auto lineEnd = std::min(head.find("\r\n"), head.size());
  const std::string_view statusLine = head.substr(0, lineEnd);
  const auto sp = statusLine.find(' ');
  const auto code =
      sp == std::string_view::npos ? std::string_view{} : statusLine.substr(sp + 1, 3);
  if (!statusLine.starts_with("HTTP/") || code.size() != 3 ||
      !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      (statusLine.size() > sp + 4 && statusLine[sp + 4] != ' ')) {
    error = "malformed status line: \"" + printable(statusLine, 200) + "\"";
    return Parse::Bad;
  }
  out.version = std::string(statusLine.substr(0, sp));
  out.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  out.reason = statusLine.size() > sp + 5 ? std::string(statusLine.substr(sp + 5)) : "";

  for (std::size_t pos = lineEnd + 2; lineEnd < head.size() && pos < head.size();) {
    auto end = head.find("\r\n", pos);
    if (end == std::string_view::npos) end = head.size();
    const std::string_view line = head.substr(pos, end - pos);
    const auto colon = line.find(':');
    if (colon == 0 || colon == std::string_view::npos ||
        line.substr(0, colon).find_first_of(" \t") != std::string_view::npos) {
      error = "malformed header line: \"" + printable(line, 200) + "\"";
      return Parse::Bad;
    }
    out.headers.emplace_back(line.substr(0, colon), trim(line.substr(colon + 1)));
    pos = end + 2;
  }

  const std::size_t bodyStart = headEnd + 4;
  const bool noBody =
      headResponse || out.status / 100 == 1 || out.status == 204 || out.status == 304;
  if (noBody) {
    consumed = bodyStart;
    return Parse::Done;
  }

  std::string codings;
  for (const auto& v : out.headerValues("transfer-encoding"))
    codings += (codings.empty() ? "" : ",") + v;
  if (!codings.empty()) {
    const auto last = trim(std::string_view(codings).substr(codings.rfind(',') + 1));
    if (!iequals(last, "chunked")) {
      error = "Transfer-Encoding \"" + codings + "\" does not end in chunked";
      return Parse::Bad;
    }
    out.chunked = true;
    std::size_t pos = bodyStart;
    auto needMore = [&](const char* where) {
      if (!eof) return Parse::NeedMore;
      error = std::string("connection closed inside chunked body (") + where + ")";
      return Parse::Bad;
    };
    for (;;) {
      const auto eol = buf.find("\r\n", pos);
      if (eol == std::string_view::npos) return needMore("chunk size line");
      std::string_view sizeText = trim(buf.substr(pos, eol - pos));
      sizeText = trim(sizeText.substr(0, sizeText.find(';')));
      std::size_t size = 0;
      const auto [p, ec] =
          std::from_chars(sizeText.data(), sizeText.data() + sizeText.size(), size, 16);
      if (sizeText.empty() || ec != std::errc{} || p != sizeText.data() + sizeText.size()) {
        error = "malformed chunk size line: \"" + printable(buf.substr(pos, eol - pos), 100) + "\"";
        return Parse::Bad;
      }
      pos = eol + 2;
      if (size == 0) break;
      if (buf.size() < pos + size + 2) return needMore("chunk data");
      if (buf.substr(pos + size, 2) != "\r\n") {
        error = "chunk data not followed by CRLF";
        return Parse::Bad;
      }
      out.body.append(buf.substr(pos, size));
      pos += size + 2;
    }
    for (;;) {  // trailer section, up to an empty line
      const auto eol = buf.find("\r\n", pos);
      if (eol == std::string_view::npos) return needMore("trailers");
      const std::string_view line = buf.substr(pos, eol - pos);
      pos = eol + 2;
      if (line.empty()) break;
      const auto colon = line.find(':');
      if (colon == 0 || colon == std::string_view::npos) {
        error = "malformed trailer line: \"" + printable(line, 200) + "\"";
        return Parse::Bad;
      }
      out.trailers.emplace_back(line.substr(0, colon), trim(line.substr(colon + 1)));
    }
    consumed = pos;
    return Parse::Done;
  }

  const auto lengths = out.headerValues("content-length");
  if (!lengths.empty()) {
    std::size_t length = 0;
    for (const auto& v : lengths) {
      std::size_t n = 0;
      const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
      if (v.empty() || ec != std::errc{} || p != v.data() + v.size() ||
          (&v != &lengths.front() && n != length)) {
        error = "bad or conflicting Content-Length \"" + v + "\"";
        return Parse::Bad;
      }
      length = n;
    }
    if (buf.size() - bodyStart < length) {
      if (!eof) return Parse::NeedMore;
      error = "connection closed after " + std::to_string(buf.size() - bodyStart) + " of " +
              std::to_string(length) + " body bytes";
      return Parse::Bad;
    }
    out.body = std::string(buf.substr(bodyStart, length));
    consumed = bodyStart + length;
    return Parse::Done;
  }

  // Neither: the body is everything until the server closes.
  if (!eof) return Parse::NeedMore;
  out.body = std::string(buf.substr(bodyStart));
  consumed = buf.size();
  return Parse::Done;
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return v;
  }
  return std::nullopt;
}

std::vector<std::string> HttpResponse::headerValues(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) values.push_back(v);
  }
  return values;
}

std::string HttpResponse::describe(std::size_t maxBody) const {
  std::string text = version + " " + std::to_string(status) + " " + reason + "\n";
  for (const auto& [k, v] : headers) text += k + ": " + v + "\n";
  text += "\n" + body.substr(0, maxBody);
  if (body.size() > maxBody) text += "... (" + std::to_string(body.size()) + " bytes)";
  return text;
}

void HttpClient::SslDeleter::operator()(SSL* ssl) const { SSL_free(ssl); }
void HttpClient::SslDeleter::operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }

HttpClient::HttpClient() {
  static std::once_flag once;
  std::call_once(once, [] { ::signal(SIGPIPE, SIG_IGN); });
}

HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

int HttpClient::tlsVersion() const { return ssl_ ? SSL_version(ssl_.get()) : 0; }

void HttpClient::close() {
  if (ssl_ && !peerClosed_) {
    ERR_clear_error();
    SSL_shutdown(ssl_.get());  // one-shot: sends close_notify, does not wait for the reply
    ERR_clear_error();
  }
  ssl_.reset();
  ctx_.reset();
  fd_.reset();
}

void HttpClient::reset() {
  if (fd_.valid()) {
    const linger abortive{1, 0};
    ::setsockopt(fd_.get(), SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
  }
  ssl_.reset();
  ctx_.reset();
  fd_.reset();
}

ConnectResult HttpClient::fail(std::string error) {
  lastError_ = error;
  ssl_.reset();
  ctx_.reset();
  fd_.reset();
  ConnectResult r;
  r.error = std::move(error);
  return r;
}

ConnectResult HttpClient::connect(int port, std::chrono::milliseconds deadline) {
  return connectTcp(port, Clock::now() + deadline);
}

ConnectResult HttpClient::connect(int port, const TlsOptions& tls,
                                  std::chrono::milliseconds deadline) {
  const auto end = Clock::now() + deadline;
  ConnectResult r = connectTcp(port, end);
  if (!r) return r;
  if (!tls.serverName.empty()) hostHeader_ = tls.serverName + ":" + std::to_string(port);
  return handshake(tls, end);
}

ConnectResult HttpClient::connectTcp(int port, Clock::time_point end) {
  close();
  readBuf_.clear();
  peerClosed_ = false;
  lastError_.clear();

  sockaddr_storage addr{};
  socklen_t addrLen = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&addr);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&addr);
  if (::inet_pton(AF_INET, address_.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(port));
    addrLen = sizeof *v4;
    hostHeader_ = address_ + ":" + std::to_string(port);
  } else if (::inet_pton(AF_INET6, address_.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    addrLen = sizeof *v6;
    hostHeader_ = "[" + address_ + "]:" + std::to_string(port);
  } else {
    return fail("not an IP address: " + address_);
  }
  const std::string where = address_ + " port " + std::to_string(port);

  fd_.reset(::socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd_.valid()) return fail(std::string("socket: ") + std::strerror(errno));
  // Small writes (one byte in sendSlowly) must leave at once, not wait for Nagle.
  const int one = 1;
  ::setsockopt(fd_.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  if (!source_.empty()) {
    sockaddr_storage local{};
    auto* l4 = reinterpret_cast<sockaddr_in*>(&local);
    auto* l6 = reinterpret_cast<sockaddr_in6*>(&local);
    socklen_t localLen = 0;
    if (addr.ss_family == AF_INET && ::inet_pton(AF_INET, source_.c_str(), &l4->sin_addr) == 1) {
      l4->sin_family = AF_INET;
      localLen = sizeof *l4;
    } else if (addr.ss_family == AF_INET6 && ::inet_pton(AF_INET6, source_.c_str(), &l6->sin6_addr) == 1) {
      l6->sin6_family = AF_INET6;
      localLen = sizeof *l6;
    } else {
      return fail("not a local address of the same family: " + source_);
    }
    if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&local), localLen) != 0) {
      return fail("bind to " + source_ + ": " + std::strerror(errno));
    }
  }
  if (::connect(fd_.get(), reinterpret_cast<sockaddr*>(&addr), addrLen) != 0) {
    if (errno != EINPROGRESS) return fail("connect to " + where + ": " + std::strerror(errno));
    if (!waitFd(fd_.get(), POLLOUT, end)) return fail("connect to " + where + ": timed out");
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd_.get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) return fail("connect to " + where + ": " + std::strerror(err));
  }
  ConnectResult r;
  r.ok = true;
  return r;
}

ConnectResult HttpClient::handshake(const TlsOptions& tls, Clock::time_point end) {
  ERR_clear_error();
  ctx_.reset(SSL_CTX_new(TLS_client_method()));
  if (!ctx_) return fail("SSL_CTX_new: " + sslErrors());
  // Explicit versions override whatever the system openssl.cnf says.
  if (SSL_CTX_set_min_proto_version(ctx_.get(), tls.minVersion) != 1 ||
      SSL_CTX_set_max_proto_version(ctx_.get(), tls.maxVersion) != 1) {
    return fail("cannot set TLS versions: " + sslErrors());
  }
  if (tls.minVersion != 0 && tls.minVersion < TLS1_2_VERSION) {
    // OpenSSL 3 refuses TLS 1.0/1.1 at security level 1 before anything is sent;
    // level 0 makes the client really offer them, so a refusal comes from the server.
    SSL_CTX_set_security_level(ctx_.get(), 0);
    SSL_CTX_set_cipher_list(ctx_.get(), "DEFAULT:@SECLEVEL=0");
  }
  const bool loaded = tls.caFile.empty() ? SSL_CTX_set_default_verify_paths(ctx_.get()) == 1
                                         : SSL_CTX_load_verify_locations(
                                               ctx_.get(), tls.caFile.c_str(), nullptr) == 1;
  if (!loaded) return fail("cannot load CA file \"" + tls.caFile + "\": " + sslErrors());
  SSL_CTX_set_verify(ctx_.get(), SSL_VERIFY_PEER, nullptr);
  if (!tls.certFile.empty() &&
      (SSL_CTX_use_certificate_chain_file(ctx_.get(), tls.certFile.c_str()) != 1 ||
       SSL_CTX_use_PrivateKey_file(ctx_.get(), tls.keyFile.c_str(), SSL_FILETYPE_PEM) != 1)) {
    return fail("cannot load client certificate \"" + tls.certFile + "\": " + sslErrors());
  }
  // A server closing without close_notify reads as end of stream, like plain TCP.
  SSL_CTX_set_options(ctx_.get(), SSL_OP_IGNORE_UNEXPECTED_EOF);
  SSL_CTX_set_mode(ctx_.get(), SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);

  ssl_.reset(SSL_new(ctx_.get()));
  if (!ssl_ || SSL_set_fd(ssl_.get(), fd_.get()) != 1) return fail("SSL_new: " + sslErrors());
  if (!tls.serverName.empty()) {
    if (isIpLiteral(tls.serverName)) {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_.get()), tls.serverName.c_str());
    } else {
      SSL_set_tlsext_host_name(ssl_.get(), tls.serverName.c_str());
      SSL_set1_host(ssl_.get(), tls.serverName.c_str());
    }
  }

  for (;;) {
    ERR_clear_error();
    errno = 0;
    const int rc = SSL_connect(ssl_.get());
    if (rc == 1) break;
    const int err = SSL_get_error(ssl_.get(), rc);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
      if (!waitFd(fd_.get(), err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, end)) {
        return fail("TLS handshake timed out");
      }
      continue;
    }
    std::string why = "TLS handshake failed: ";
    const std::string queued = sslErrors();
    const long verify = SSL_get_verify_result(ssl_.get());
    if (verify != X509_V_OK) {
      why +=
          std::string("certificate verify failed: ") + X509_verify_cert_error_string(verify) + "; ";
    }
    if (!queued.empty()) {
      why += queued;
    } else if (err == SSL_ERROR_SYSCALL) {
      why += errno != 0 ? std::strerror(errno) : "connection closed by peer";
    } else {
      why += "SSL_get_error " + std::to_string(err);
    }
    return fail(why);
  }

  ConnectResult r;
  r.ok = true;
  r.tlsVersion = SSL_version(ssl_.get());
  r.tlsVersionName = SSL_get_version(ssl_.get());
  r.cipher = SSL_get_cipher_name(ssl_.get());
  return r;
}

HttpClient::Io HttpClient::readSome(Clock::time_point end) {
  if (peerClosed_) return Io::Closed;
  if (!fd_.valid()) {
    lastError_ = "not connected";
    return Io::Error;
  }
  std::array<char, 16384> buf{};
  for (;;) {
    if (!ssl_) {
      const ssize_t n = ::recv(fd_.get(), buf.data(), buf.size(), 0);
      if (n > 0) {
        readBuf_.append(buf.data(), static_cast<std::size_t>(n));
        return Io::Ok;
      }
      if (n == 0 || errno == ECONNRESET) {
        peerClosed_ = true;
        return Io::Closed;
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) {
        lastError_ = std::string("recv: ") + std::strerror(errno);
        return Io::Error;
      }
      if (!waitFd(fd_.get(), POLLIN, end)) return Io::Timeout;
      continue;
    }
    ERR_clear_error();
    errno = 0;
    const int n = SSL_read(ssl_.get(), buf.data(), static_cast<int>(buf.size()));
    if (n > 0) {
      readBuf_.append(buf.data(), static_cast<std::size_t>(n));
      return Io::Ok;
    }
    const int err = SSL_get_error(ssl_.get(), n);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
      if (!waitFd(fd_.get(), err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, end))
        return Io::Timeout;
      continue;
    }
    if (err == SSL_ERROR_ZERO_RETURN ||
        (err == SSL_ERROR_SYSCALL && (errno == 0 || errno == ECONNRESET))) {
      peerClosed_ = true;
      return Io::Closed;
    }
    lastError_ =
        "SSL_read: " + sslErrors() + (errno != 0 ? std::string(" ") + std::strerror(errno) : "");
    return Io::Error;
  }
}

bool HttpClient::writeAll(std::string_view bytes, Clock::time_point end) {
  if (!fd_.valid()) {
    lastError_ = "not connected";
    return false;
  }
  std::size_t sent = 0;
  auto failed = [&](const std::string& why) {
    lastError_ = "write failed after " + std::to_string(sent) + " of " +
                 std::to_string(bytes.size()) + " bytes: " + why;
    return false;
  };
  while (sent < bytes.size()) {
    const std::string_view rest = bytes.substr(sent);
    if (!ssl_) {
      const ssize_t n = ::send(fd_.get(), rest.data(), rest.size(), MSG_NOSIGNAL);
      if (n >= 0) {
        sent += static_cast<std::size_t>(n);
        continue;
      }
      if (errno == EINTR) continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK) return failed(std::strerror(errno));
      if (!waitFd(fd_.get(), POLLOUT, end)) return failed("timed out");
      continue;
    }
    ERR_clear_error();
    errno = 0;
    const int n = SSL_write(ssl_.get(), rest.data(),
                            static_cast<int>(std::min<std::size_t>(rest.size(), 1 << 30)));
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
      continue;
    }
    const int err = SSL_get_error(ssl_.get(), n);
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
      if (!waitFd(fd_.get(), err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, end))
        return failed("timed out");
      continue;
    }
    const std::string queued = sslErrors();
    return failed(!queued.empty() ? queued
                  : errno != 0    ? std::strerror(errno)
                                  : "connection closed");
  }
  return true;
}

bool HttpClient::sendRaw(std::string_view bytes, std::chrono::milliseconds deadline) {
  return writeAll(bytes, Clock::now() + deadline);
}

bool HttpClient::sendSlowly(std::string_view bytes, std::chrono::milliseconds interval,
                            std::chrono::milliseconds deadline) {
  const auto end = Clock::now() + deadline;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (!writeAll(bytes.substr(i, 1), end)) {
      lastError_ = "sendSlowly: byte " + std::to_string(i) + " of " + std::to_string(bytes.size()) +
                   ": " + lastError_;
      return false;
    }
    if (i + 1 == bytes.size()) break;
    // Spend the interval watching the socket rather than sleeping, so a server that
    // answers or hangs up on the slow client is noticed at once.
    const auto next = std::min(Clock::now() + interval, end);
    for (;;) {
      const Io io = readSome(next);
      if (io == Io::Timeout) break;
      if (io == Io::Closed) {
        lastError_ = "sendSlowly: peer closed the connection after " + std::to_string(i + 1) +
                     " of " + std::to_string(bytes.size()) + " bytes";
        return false;
      }
      if (io == Io::Error) return false;
    }
    if (Clock::now() >= end) {
      lastError_ = "sendSlowly: deadline passed after " + std::to_string(i + 1) + " of " +
                   std::to_string(bytes.size()) + " bytes";
      return false;
    }
  }
  return true;
}

std::optional<HttpResponse> HttpClient::readResponse(std::chrono::milliseconds deadline,
                                                     bool headResponse) {
  return readResponseUntil(Clock::now() + deadline, headResponse);
}

std::optional<HttpResponse> HttpClient::readResponseUntil(Clock::time_point end,
                                                          bool headResponse) {
  const auto start = Clock::now();
  for (;;) {
    HttpResponse response;
    std::size_t consumed = 0;
    std::string error;
    switch (parseResponse(readBuf_, headResponse, peerClosed_, response, consumed, error)) {
      case Parse::Done:
        readBuf_.erase(0, consumed);
        return response;
      case Parse::Bad:
        lastError_ = error;
        return std::nullopt;
      case Parse::NeedMore:
        break;
    }
    switch (readSome(end)) {
      case Io::Ok:
      case Io::Closed:  // parse again, knowing no more bytes will come
        break;
      case Io::Timeout: {
        const auto waited =
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
        lastError_ = "no complete response within " + std::to_string(waited.count()) + " ms; " +
                     std::to_string(readBuf_.size()) + " bytes buffered: \"" +
                     printable(readBuf_, 200) + "\"";
        return std::nullopt;
      }
      case Io::Error:
        return std::nullopt;
    }
  }
}

std::optional<HttpResponse> HttpClient::request(std::string_view method, std::string_view target,
                                                const HeaderList& headers, std::string_view body,
                                                std::chrono::milliseconds deadline) {
  const auto end = Clock::now() + deadline;
  auto given = [&](std::string_view name) {
    return std::any_of(headers.begin(), headers.end(),
                       [&](const auto& h) { return iequals(h.first, name); });
  };
  std::string text;
  text.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  if (!given("host")) text += "Host: " + hostHeader_ + "\r\n";
  for (const auto& [name, value] : headers) text += name + ": " + value + "\r\n";
  const bool bodyMethod = method == "POST" || method == "PUT" || method == "PATCH";
  if (!given("content-length") && !given("transfer-encoding") && (!body.empty() || bodyMethod)) {
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  text += "\r\n";
  text.append(body);
  if (!writeAll(text, end)) return std::nullopt;
  return readResponseUntil(end, method == "HEAD");
}

bool HttpClient::readAtLeast(std::size_t bytes, std::chrono::milliseconds deadline) {
  const auto end = Clock::now() + deadline;
  while (readBuf_.size() < bytes) {
    if (readSome(end) != Io::Ok) return false;
  }
  return true;
}

bool HttpClient::waitForPeerClose(std::chrono::milliseconds deadline) {
  const auto end = Clock::now() + deadline;
  for (;;) {
    switch (readSome(end)) {
      case Io::Closed:
        return true;
      case Io::Ok:
        continue;
      case Io::Timeout:
        lastError_ =
            "the server kept the connection open for " + std::to_string(deadline.count()) + " ms";
        return false;
      case Io::Error:
        return false;
    }
  }
}

}  // namespace smfront::testing
