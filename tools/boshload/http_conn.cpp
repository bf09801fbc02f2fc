#include "http_conn.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace boshload {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

constexpr std::size_t kChunk = 4096;
constexpr std::size_t kMaxAnswer = 4 << 20;

bool iequalsPrefix(std::string_view line, std::string_view name) {
  if (line.size() < name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(line[i])) != std::tolower(static_cast<unsigned char>(name[i]))) return false;
  }
  return true;
}

std::string_view trim(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r')) v.remove_suffix(1);
  return v;
}

}  // namespace

HttpConn::HttpConn(asio::io_context& io, asio::ip::tcp::endpoint server, asio::ip::address source)
    : socket_(io), server_(server), source_(source) {}

void HttpConn::request(std::string head, std::string body, Done done) {
  busy_ = true;
  done_ = std::move(done);
  out_ = std::move(head);
  out_ += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out_ += body;
  start(false);
}

void HttpConn::start(bool retried) {
  retried_ = retried;
  gotBytes_ = false;
  in_.clear();
  if (connected_) {
    reused_ = true;
    write();
    return;
  }
  reused_ = false;
  socket_ = asio::ip::tcp::socket(socket_.get_executor());
  if (!source_.is_unspecified()) {
    error_code ec;
    socket_.open(server_.protocol(), ec);
    if (!ec) socket_.bind(asio::ip::tcp::endpoint(source_, 0), ec);
    if (ec) {
      failed("bind to " + source_.to_string() + ": " + ec.message());
      return;
    }
  }
  socket_.async_connect(server_, [self = shared_from_this()](const error_code& ec) {
    if (ec) {
      self->failed("connect: " + ec.message());
      return;
    }
    self->connected_ = true;
    error_code ignored;
    self->socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
    self->write();
  });
}

void HttpConn::write() {
  asio::async_write(socket_, asio::buffer(out_), [self = shared_from_this()](const error_code& ec, std::size_t) {
    if (ec) {
      self->failed("write: " + ec.message());
      return;
    }
    self->read();
  });
}

void HttpConn::read() {
  if (chunk_.size() != kChunk) chunk_.resize(kChunk);
  socket_.async_read_some(asio::buffer(chunk_), [self = shared_from_this()](const error_code& ec, std::size_t n) {
    if (ec) {
      self->failed("read: " + ec.message());
      return;
    }
    self->onBytes(n);
  });
}

void HttpConn::onBytes(std::size_t n) {
  gotBytes_ = true;
  in_.append(chunk_.data(), n);
  if (in_.size() > kMaxAnswer) {
    failed("answer too large");
    return;
  }
  if (!tryParse()) read();
}

bool HttpConn::tryParse() {
  const std::size_t headEnd = in_.find("\r\n\r\n");
  if (headEnd == std::string::npos) return false;
  HttpAnswer answer;
  std::string_view head(in_.data(), headEnd);
  const std::size_t firstEol = head.find("\r\n");
  std::string_view statusLine = head.substr(0, firstEol);
  if (statusLine.size() < 12 || !statusLine.starts_with("HTTP/1.")) {
    failed("bad status line");
    return true;
  }
  std::from_chars(statusLine.data() + 9, statusLine.data() + 12, answer.status);
  std::size_t length = 0;
  bool closeAfter = statusLine.starts_with("HTTP/1.0");
  std::size_t pos = firstEol == std::string_view::npos ? head.size() : firstEol + 2;
  while (pos < head.size()) {
    std::size_t eol = head.find("\r\n", pos);
    if (eol == std::string_view::npos) eol = head.size();
    std::string_view line = head.substr(pos, eol - pos);
    pos = eol + 2;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view value = trim(line.substr(colon + 1));
    if (iequalsPrefix(line, "content-length:")) {
      std::from_chars(value.data(), value.data() + value.size(), length);
    } else if (iequalsPrefix(line, "transfer-encoding:")) {
      failed("chunked answers are not supported");
      return true;
    } else if (iequalsPrefix(line, "connection:")) {
      closeAfter = closeAfter || iequalsPrefix(value, "close");
    } else if (iequalsPrefix(line, "location:")) {
      answer.location = std::string(value);
    }
  }
  if (in_.size() < headEnd + 4 + length) return false;
  answer.body = in_.substr(headEnd + 4, length);
  answer.ok = true;
  in_.clear();
  if (closeAfter) close();
  finish(std::move(answer));
  return true;
}

void HttpConn::finish(HttpAnswer&& answer) {
  busy_ = false;
  Done done = std::move(done_);
  done_ = nullptr;
  if (done) done(std::move(answer));
}

void HttpConn::failed(const std::string& what) {
  close();
  if (reused_ && !retried_ && !gotBytes_) {
    start(true);  // the server had closed the idle connection: try once on a fresh one
    return;
  }
  HttpAnswer answer;
  answer.error = what;
  finish(std::move(answer));
}

void HttpConn::close() {
  connected_ = false;
  error_code ignored;
  socket_.close(ignored);
}

Url parseUrl(const std::string& url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) throw std::invalid_argument("only http:// URLs: " + url);
  std::string_view rest(url);
  rest.remove_prefix(kScheme.size());
  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  Url out;
  out.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  const std::size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos) {
    out.host = std::string(authority);
  } else {
    out.host = std::string(authority.substr(0, colon));
    unsigned port = 0;
    auto [p, ec] = std::from_chars(authority.data() + colon + 1, authority.data() + authority.size(), port);
    if (ec != std::errc() || port == 0 || port > 65535) throw std::invalid_argument("bad port in " + url);
    out.port = static_cast<unsigned short>(port);
  }
  return out;
}

}  // namespace boshload
