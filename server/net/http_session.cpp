// One HTTP/1.1 connection, plain or TLS, as one coroutine on its own strand.
//
// Theory of operation
// - The session loops: wait for the first byte of a request (idle timeout),
//   read the whole request (read timeout, header and body limits), hand it to
//   the door's HttpHandler, write the answer (write timeout), repeat while the
//   connection is kept alive. Pipelined requests are answered in order: they
//   simply wait in the read buffer.
// - Timeouts come from one watchdog coroutine per connection instead of a timer
//   per operation. The session moves `deadline_`; the watchdog wakes at least
//   every `period_` (the shortest timeout) and so never needs re-arming when a
//   deadline moves. When the deadline passes it cancels the socket's operations
//   and marks the session timed out, so the session can still answer 408 (Beast's
//   own stream timeouts close the socket, which makes a 408 impossible); if the
//   deadline passes a second time the socket is closed outright.
// - Requests that cannot be read get the handler's rejection answer (400, 408,
//   413, 431) and the connection closes, since the stream cannot be resynchronised.
// - Graceful stop: an idle session closes at once; a busy one finishes the
//   response in progress with "Connection: close".
#include "net/http_session.hpp"

#include <array>

#include <spdlog/spdlog.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <ctime>
#include <type_traits>

#include "net/response_head.hpp"
#include "security/client_key.hpp"
#include "security/keyed_rate.hpp"

namespace smfront::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::size_t kReadChunk = 16 * 1024;
// On a door of held requests the read buffer is taken per request and given back
// while the request is held (below), so it is sized for one BOSH poll: a small
// block comes from the allocator's quick lists, where 16 KiB would be carved from,
// and merged back into, the general heap on every poll.
constexpr std::size_t kHeldReadChunk = 2 * 1024;

// The Date header, rebuilt at most once a second per thread.
std::string_view httpDate() {
  thread_local std::time_t cachedAt = 0;
  thread_local std::string text;
  const std::time_t now = std::time(nullptr);
  if (now != cachedAt) {
    text = formatHttpDate(now);
    cachedAt = now;
  }
  return text;
}

enum class Phase { Handshake, Idle, Reading, Handling, Writing, Closing, Closed };

// Maps a failed read to the status that answers it, or 0 to close silently.
int rejectionStatus(const beast::error_code& ec, bool timedOut) {
  if (timedOut) return 408;
  if (ec == http::error::header_limit) return 431;
  if (ec == http::error::body_limit) return 413;
  if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == asio::error::connection_reset ||
      ec == asio::error::operation_aborted || ec == asio::ssl::error::stream_truncated) {
    return 0;
  }
  if (ec.category() == make_error_code(http::error::bad_method).category()) return 400;  // any parse error
  return 0;
}

constexpr std::chrono::milliseconds kLingerTime{2000};
constexpr std::size_t kLingerBytes = 8 * 1024 * 1024;

// A head Beast accepts that HTTP/1.1 still forbids (RFC 9112 3.2 and 6.1), as
// the status that refuses it, or 0 when the head is fine. One Host field is
// required from HTTP/1.1 clients, and a second one would let two parts of a
// chain disagree on the host. The only transfer coding understood is chunked;
// anything else ("identity" included, which RFC 7230 removed) would leave the
// body's length unknown.
int refusedHeadStatus(const http::request<http::string_body>& head) {
  const std::size_t hosts = head.count(http::field::host);
  if (hosts > 1 || (hosts == 0 && head.version() >= 11)) return 400;
  for (auto it = head.find(http::field::transfer_encoding); it != head.end() && it->name() == http::field::transfer_encoding;
       ++it) {
    std::string_view coding = it->value();
    while (!coding.empty() && (coding.front() == ' ' || coding.front() == '\t')) coding.remove_prefix(1);
    while (!coding.empty() && (coding.back() == ' ' || coding.back() == '\t')) coding.remove_suffix(1);
    if (!equalsIgnoreCase(coding, "chunked")) return 501;
  }
  return 0;
}

// Answers that blame the client: what limits.refusals_per_address_per_minute
// counts. Not 404: a page with a missing image is no attack.
bool blamesClient(int status) {
  switch (status) {
    case 400: case 401: case 403: case 408: case 413: case 415: case 429: case 431: case 501: return true;
  }
  return false;
}

std::string_view reasonFor(int status) {
  switch (status) {
    case 400: return "Bad Request: the request is not valid HTTP/1.1";
    case 501: return "Not Implemented: the only transfer coding understood is chunked";
    case 408: return "Request Timeout: the request did not arrive in time";
    case 413: return "Content Too Large: the request body is over the limit";
    case 431: return "Request Header Fields Too Large: the request head is over the limit";
  }
  return "Bad Request";
}

template <class Stream>
class HttpSession final : public SessionBase, public std::enable_shared_from_this<HttpSession<Stream>> {
  static constexpr bool kTls = !std::is_same_v<Stream, tcp::socket>;

 public:
  template <class... StreamArgs>
  explicit HttpSession(std::shared_ptr<DoorContext> door, StreamArgs&&... args)
      : door_(std::move(door)),
        stream_(std::forward<StreamArgs>(args)...),
        timer_(stream_.get_executor()),
        pacing_(stream_.get_executor()),
        period_(std::min(door_->limits.readTimeout, door_->limits.idleTimeout)) {
    beast::error_code ec;
    const auto remote = socket().remote_endpoint(ec);
    if (!ec) remote_ = remote.address().to_string();
    clientKey_ = security::clientKey(remote_);
    ++door_->open;
    door_->telemetry.connectionOpened(door_->name);
  }

  ~HttpSession() override {
    {
      std::lock_guard lock(door_->sessionsMutex);
      door_->sessions.erase(this);
    }
    door_->telemetry.connectionClosed(door_->name);
    --door_->open;
  }

  void start(ConnectionSlot slot) {
    slot_ = std::move(slot);
    {
      std::lock_guard lock(door_->sessionsMutex);
      door_->sessions.emplace(this, this->weak_from_this());
    }
    auto self = this->shared_from_this();
    asio::co_spawn(stream_.get_executor(), watchdog(self), asio::detached);
    asio::co_spawn(stream_.get_executor(), run(self), asio::detached);
  }

  void stop(bool force) override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this(), force] { self->onStop(force); });
  }

 private:
  using Parser = http::request_parser<http::string_body>;

  tcp::socket& socket() { return beast::get_lowest_layer(stream_); }

  void setDeadline(std::chrono::milliseconds fromNow) { deadline_ = Clock::now() + fromNow; }

  void onStop(bool force) {
    stopRequested_ = true;
    pacing_.cancel();
    if (force) {
      beast::error_code ec;
      socket().close(ec);
    } else if (phase_ == Phase::Idle || phase_ == Phase::Handshake) {
      beast::error_code ec;
      socket().cancel(ec);
    }
  }

  asio::awaitable<void> watchdog([[maybe_unused]] std::shared_ptr<HttpSession> keepAlive) {
    while (phase_ != Phase::Closed) {
      const auto now = Clock::now();
      if (now >= deadline_) {
        beast::error_code ec;
        if (!timedOut_) {
          timedOut_ = true;
          socket().cancel(ec);
          deadline_ = now + period_;  // bounds the 408 answer and the shutdown
        } else {
          socket().close(ec);
          co_return;
        }
      }
      timer_.expires_at(std::min(deadline_, Clock::now() + period_));
      beast::error_code ignored;
      co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
  }

  asio::awaitable<void> run([[maybe_unused]] std::shared_ptr<HttpSession> keepAlive) {
    if constexpr (kTls) {
      phase_ = Phase::Handshake;
      setDeadline(door_->limits.readTimeout);
      beast::error_code ec;
      co_await stream_.async_handshake(asio::ssl::stream_base::server, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        spdlog::debug("{}: TLS handshake with {} failed: {}", door_->name, remote_, ec.message());
        finish();
        co_return;
      }
    }
    // GCC 12 miscompiles co_await inside a condition (`if (!co_await f())`) and in
    // structured bindings; await into named variables instead.
    bool more = true;
    while (more && !stopRequested_ && !timedOut_) {
      co_await paceRefusals();
      more = !stopRequested_;
      if (more) more = co_await awaitRequestStart();
      if (more) more = co_await serveOneRequest();
    }
    co_await closeStream();
    finish();
  }

  // A client whose requests were refused more often than the rate allows waits
  // here before its next request is read; its bytes wait in the socket, costing
  // nothing. A graceful stop ends the wait like an idle one.
  asio::awaitable<void> paceRefusals() {
    const auto& pacing = door_->limits.refusalPacing;
    if (!pacing) co_return;
    const auto owed = pacing->owed(clientKey_, Clock::now());
    if (owed.count() <= 0) co_return;
    if (door_->limits.paced) door_->limits.paced();
    phase_ = Phase::Idle;
    setDeadline(owed + door_->limits.idleTimeout);
    pacing_.expires_after(owed);
    beast::error_code ignored;
    co_await pacing_.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }

  void chargeRefusal(int status) {
    if (door_->limits.refusalPacing && blamesClient(status)) door_->limits.refusalPacing->charge(clientKey_, Clock::now());
  }

  // Idle phase: waits for the first byte of the next request.
  asio::awaitable<bool> awaitRequestStart() {
    if (buffer_.size() > 0) co_return true;
    if (door_->stopping) co_return false;
    phase_ = Phase::Idle;
    setDeadline(door_->limits.idleTimeout);
    if constexpr (!kTls) {
      // On a door of held requests an idle keep-alive connection holds no read
      // buffer: wait until the next request starts arriving, then allocate one to
      // read it. (TLS keeps its own record buffers, so there the plain read is as good.)
      if (door_->limits.heldRequests && buffer_.capacity() == 0) {
        beast::error_code ec;
        co_await socket().async_wait(tcp::socket::wait_read, asio::redirect_error(asio::use_awaitable, ec));
        if (ec || stopRequested_) {
          readError_ = ec;
          co_return false;
        }
      }
    }
    const bool got = co_await readMore();
    co_return got && !stopRequested_;
  }

  asio::awaitable<bool> readMore() {
    beast::error_code ec;
    const std::size_t n =
        co_await stream_.async_read_some(buffer_.prepare(door_->limits.heldRequests ? kHeldReadChunk : kReadChunk),
                                         asio::redirect_error(asio::use_awaitable, ec));
    buffer_.commit(n);
    readError_ = ec;
    co_return !ec && n > 0;
  }

  // Feeds buffered bytes to the parser and reads more only when it needs more,
  // so a request that arrived whole costs no further I/O operation. The parser
  // is not eager: put() stops at the end of the head and of each body piece.
  asio::awaitable<void> parseUntil(Parser& parser, bool wholeMessage, beast::error_code& ec) {
    const auto reached = [&] { return wholeMessage ? parser.is_done() : parser.is_header_done(); };
    while (!reached()) {
      while (buffer_.size() > 0 && !reached()) {
        const std::size_t used = parser.put(buffer_.data(), ec);
        buffer_.consume(used);
        if (ec == http::error::need_more) {
          ec = {};
          break;
        }
        if (ec) co_return;
        if (used == 0) break;
      }
      if (reached()) break;
      const bool got = co_await readMore();
      if (!got) {
        ec = readError_ ? readError_ : beast::error_code(asio::error::eof);
        co_return;
      }
    }
  }

  // What serveOneRequest keeps of a parsed request while the handler runs.
  struct ReadRequest {
    bool ok = false;
    bool keepAlive = false;
    unsigned version = 11;
  };

  // Reads one request into @p request. The Beast parser (its field list and body
  // storage) lives only in this coroutine's frame, so it is gone before the handler
  // runs: a long poll held for a minute keeps the plain Request, not the parser too.
  asio::awaitable<ReadRequest> readRequest(Request& request) {
    Parser parser;
    parser.header_limit(static_cast<std::uint32_t>(door_->limits.maxHeaderBytes));
    // The body limit is applied once the head is in, so a refusal can name the target.
    parser.body_limit(boost::none);
    beast::error_code ec;
    co_await parseUntil(parser, false, ec);
    if (!ec) {
      if (const int refused = refusedHeadStatus(parser.get()); refused != 0) {
        co_await reject(refused, parser);
        co_return ReadRequest{};
      }
    }
    if (!ec && parser.content_length().value_or(0) > door_->limits.maxBodyBytes) ec = http::error::body_limit;
    if (!ec && !parser.is_done()) {
      parser.body_limit(door_->limits.maxBodyBytes);
      if (equalsIgnoreCase(std::string_view(parser.get()[http::field::expect]), "100-continue")) {
        static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
        co_await asio::async_write(stream_, asio::buffer(kContinue), asio::redirect_error(asio::use_awaitable, ec));
      }
      if (!ec) co_await parseUntil(parser, true, ec);
    }
    if (ec) {
      const int status = rejectionStatus(ec, timedOut_);
      if (status != 0) co_await reject(status, parser);
      co_return ReadRequest{};
    }

    auto& message = parser.get();
    request.door = door_->name;
    request.secure = kTls;
    request.method = message.method_string();
    request.target = message.target();
    for (const auto& field : message) request.headers.add(std::string(field.name_string()), std::string(field.value()));
    request.body = std::move(message.body());
    request.remoteAddress = remote_;
    co_return ReadRequest{true, message.keep_alive(), message.version()};
  }

  asio::awaitable<bool> serveOneRequest() {
    phase_ = Phase::Reading;
    setDeadline(door_->limits.readTimeout);
    const auto started = Clock::now();
    Request request;
    const ReadRequest read = co_await readRequest(request);
    if (!read.ok) co_return false;

    phase_ = Phase::Handling;
    deadline_ = Clock::time_point::max();  // handlers own their time (long polls)
    // Nothing pipelined behind this request (the usual case): on a door of held
    // requests, give the read buffer back while the handler works. A long poll can
    // be held for a minute, and thousands of held polls each keeping a mostly idle
    // 16 KiB buffer was most of the BOSH door's memory per session. The next read
    // allocates a fresh one. (REST doors keep theirs: no malloc/free per request.)
    if (door_->limits.heldRequests && buffer_.size() == 0) buffer_.shrink_to_fit();
    Response response;
    try {
      response = co_await door_->handler.handle(request);
    } catch (const std::exception& e) {
      spdlog::error("{}: {} {} failed: {}", door_->name, request.method, request.target, e.what());
      response = Response::text(500, "Internal Server Error\n");
      response.route = "error";
    }
    const bool again = read.keepAlive && !response.close && !stopRequested_;
    const int status = response.status;
    const auto written = co_await write(std::move(response), read.version, again, request.method == "HEAD");
    recordRequest(request, started);
    chargeRefusal(status);
    co_return written && again;
  }

  asio::awaitable<void> reject(int status, Parser& parser) {
    // A head that was parsed names its target and Origin. Of one that was not (cut
    // off, over the limit) the parser holds what it took (the request line, the
    // first fields), and the rest may still show in the bytes left in the buffer.
    std::string target(parser.get().target());
    std::string origin(parser.get()[http::field::origin]);
    if (!parser.is_header_done() && origin.empty()) {
      const auto bytes = static_cast<const char*>(buffer_.data().data());
      const HeadGlimpse glimpse = glimpseHead(std::string_view(bytes, buffer_.size()), target.empty());
      if (target.empty()) target = glimpse.target;
      origin = glimpse.origin;
    }
    Response response = door_->handler.rejected({status, reasonFor(status), target, origin});
    response.route = "rejected";
    const auto method = parser.is_header_done() ? std::string(parser.get().method_string()) : std::string("-");
    const auto started = Clock::now();
    timedOut_ = false;  // the 408 itself still gets its write deadline
    co_await write(std::move(response), 11, false, false);
    Request record;
    record.method = method;
    record.target = target;
    record.remoteAddress = remote_;
    lastStatus_ = status;
    lingerOnClose_ = true;
    recordRequest(record, started);
    chargeRefusal(status);
  }

  asio::awaitable<bool> write(Response response, unsigned version, bool keepAlive, bool head) {
    phase_ = Phase::Writing;
    setDeadline(door_->limits.readTimeout);
    writeResponseHead(head_, response, {.version = version, .keepAlive = keepAlive, .date = httpDate()});
    const bool sendBody = !head && statusAllowsBody(response.status);
    lastStatus_ = response.status;
    lastRoute_ = response.route;
    lastBytes_ = response.body.size();
    const std::array<asio::const_buffer, 2> buffers = {asio::buffer(head_),
                                                       sendBody ? asio::buffer(response.body) : asio::const_buffer()};
    beast::error_code ec;
    co_await asio::async_write(stream_, buffers, asio::redirect_error(asio::use_awaitable, ec));
    co_return !ec && !timedOut_;
  }

  void recordRequest(const Request& request, Clock::time_point started) {
    RequestRecord r;
    r.door = door_->name;
    r.remoteAddress = remote_;
    r.method = request.method;
    r.target = request.target;
    r.route = lastRoute_;
    r.userAgent = request.headers.get("User-Agent", "-");
    r.status = lastStatus_;
    r.responseBytes = lastBytes_;
    r.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    door_->telemetry.requestDone(r);
  }

  asio::awaitable<void> closeStream() {
    phase_ = Phase::Closing;
    beast::error_code ec;
    if constexpr (kTls) {
      if (!timedOut_) {
        setDeadline(std::min(door_->limits.readTimeout, std::chrono::milliseconds(2000)));
        co_await stream_.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
      }
    }
    socket().shutdown(tcp::socket::shutdown_send, ec);
    if (lingerOnClose_ && !timedOut_) co_await drainInput();
    socket().close(ec);
  }

  // After refusing a request whose body is still arriving, closing at once
  // would make the kernel reset the connection, and the client would lose the
  // answer it has not read yet. Like nginx's lingering close, read and discard
  // for a short, bounded while first.
  asio::awaitable<void> drainInput() {
    setDeadline(std::min(door_->limits.readTimeout, kLingerTime));
    std::array<char, 16 * 1024> scratch;
    std::size_t drained = 0;
    while (drained < kLingerBytes) {
      beast::error_code ec;
      const std::size_t n = co_await socket().async_read_some(asio::buffer(scratch),
                                                              asio::redirect_error(asio::use_awaitable, ec));
      if (ec || n == 0) break;
      drained += n;
    }
  }

  void finish() {
    phase_ = Phase::Closed;
    timer_.cancel();
    pacing_.cancel();
  }

  std::shared_ptr<DoorContext> door_;
  ConnectionSlot slot_;  // the door's place for this connection, given back with it
  Stream stream_;
  asio::steady_timer timer_;
  asio::steady_timer pacing_;  // paceRefusals()
  beast::flat_buffer buffer_;
  beast::error_code readError_;
  std::string head_;  // reused for every response head
  std::chrono::milliseconds period_;
  Clock::time_point deadline_ = Clock::time_point::max();
  Phase phase_ = Phase::Idle;
  bool timedOut_ = false;
  bool stopRequested_ = false;
  bool lingerOnClose_ = false;
  std::string remote_ = "-";
  std::string clientKey_;  // remote_ as per-address limits count it
  int lastStatus_ = 0;
  std::string_view lastRoute_ = "unmatched";
  std::size_t lastBytes_ = 0;
};

}  // namespace

void startHttpSession(tcp::socket socket, std::shared_ptr<DoorContext> door, ConnectionSlot slot) {
  if (door->tls) {
    auto& tls = *door->tls;
    auto session =
        std::make_shared<HttpSession<asio::ssl::stream<tcp::socket>>>(std::move(door), std::move(socket), tls);
    session->start(std::move(slot));
  } else {
    auto session = std::make_shared<HttpSession<tcp::socket>>(std::move(door), std::move(socket));
    session->start(std::move(slot));
  }
}

}  // namespace smfront::net
