#include "pool.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <system_error>

namespace smload {

namespace {

std::system_error lastError(const char* what) { return std::system_error(errno, std::generic_category(), what); }

constexpr auto kExpiryCheckEvery = std::chrono::milliseconds(100);

}  // namespace

Pool::Pool(const sockaddr_in& server, std::size_t size, std::chrono::milliseconds requestTimeout,
           std::uint32_t sourceAddresses)
    : server_(server), requestTimeout_(requestTimeout), conns_(size) {
  const bool loopback = (ntohl(server.sin_addr.s_addr) >> 24) == 127;
  if (sourceAddresses == 0) sourceAddresses = static_cast<std::uint32_t>(std::min<std::size_t>(size, 250));
  sourceAddresses_ = loopback ? std::max<std::uint32_t>(1, sourceAddresses) : 1;
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_ < 0) throw lastError("epoll_create1");
  for (std::uint32_t i = 0; i < conns_.size(); ++i) {
    open(i);
    idle_.push_back(i);
  }
  nextExpiryCheck_ = Clock::now() + kExpiryCheckEvery;
}

Pool::~Pool() {
  for (Conn& c : conns_) {
    if (c.fd >= 0) ::close(c.fd);
  }
  if (epoll_ >= 0) ::close(epoll_);
}

void Pool::open(std::uint32_t index) {
  Conn& c = conns_[index];
  c = Conn{};
  c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (c.fd < 0) throw lastError("socket");
  const int one = 1;
  ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (sourceAddresses_ > 1) {
    sockaddr_in source{};
    source.sin_family = AF_INET;
    source.sin_addr.s_addr = htonl(0x7f000001u + index % sourceAddresses_);
    if (::bind(c.fd, reinterpret_cast<const sockaddr*>(&source), sizeof source) != 0) {
      const auto error = lastError("bind");
      ::close(c.fd);
      c.fd = -1;
      throw error;
    }
  }
  // A blocking connect is immediate on loopback and keeps the state machine to
  // "idle" and "busy"; the socket turns non-blocking once it is up.
  if (::connect(c.fd, reinterpret_cast<const sockaddr*>(&server_), sizeof server_) != 0) {
    const auto error = lastError("connect");
    ::close(c.fd);
    c.fd = -1;
    throw error;
  }
  ::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) | O_NONBLOCK);
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP;
  ev.data.u32 = index;
  if (::epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &ev) != 0) throw lastError("epoll_ctl");
}

void Pool::reopen(std::uint32_t index) {
  ::close(conns_[index].fd);  // also drops it from the epoll set
  ++reconnects_;
  open(index);
}

void Pool::watchWrites(Conn& c, bool on) {
  if (c.wantWrite == on) return;
  c.wantWrite = on;
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | (on ? EPOLLOUT : 0u);
  ev.data.u32 = static_cast<std::uint32_t>(&c - conns_.data());
  if (::epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev) != 0) throw lastError("epoll_ctl");
}

void Pool::send(std::string request, std::uint64_t tag) {
  const std::uint32_t index = idle_.front();
  idle_.pop_front();
  Conn& c = conns_[index];
  c.busy = true;
  c.out = std::move(request);
  c.written = 0;
  c.tag = tag;
  c.parser.reset();
  c.sentAt = Clock::now();
  ++inFlight_;
  flush(index, sendFailures_);
}

void Pool::flush(std::uint32_t index, std::vector<Done>& done) {
  Conn& c = conns_[index];
  while (c.written < c.out.size()) {
    const ssize_t n = ::send(c.fd, c.out.data() + c.written, c.out.size() - c.written, MSG_NOSIGNAL);
    if (n > 0) {
      c.written += static_cast<std::size_t>(n);
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      watchWrites(c, true);
      return;
    } else if (errno != EINTR) {
      fail(index, std::system_error(errno, std::generic_category(), "send").what(), done);
      return;
    }
  }
  watchWrites(c, false);
}

void Pool::receive(std::uint32_t index, std::vector<Done>& done) {
  std::array<char, 16384> buffer;
  for (;;) {
    Conn& c = conns_[index];
    const ssize_t n = ::recv(c.fd, buffer.data(), buffer.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) {
      // A keep-alive connection the server closed while idle is no failure.
      if (!c.busy) {
        reopen(index);
        return;
      }
      fail(index, n == 0 ? "connection closed by the server" : std::system_error(errno, std::generic_category(), "recv").what(),
           done);
      return;
    }
    if (!c.busy) {
      fail(index, "bytes from the server with no request outstanding", done);
      return;
    }
    const auto state = c.parser.feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    if (state == ResponseParser::State::Error) {
      fail(index, "bad response: " + c.parser.error(), done);
      return;
    }
    if (state == ResponseParser::State::Complete) {
      Done d;
      d.tag = c.tag;
      d.sentAt = c.sentAt;
      d.doneAt = Clock::now();
      d.answered = true;
      d.response = c.parser.response();
      done.push_back(std::move(d));
      c.busy = false;
      --inFlight_;
      if (done.back().response.close) reopen(index);
      idle_.push_back(index);
      return;
    }
  }
}

void Pool::fail(std::uint32_t index, std::string reason, std::vector<Done>& done) {
  Conn& c = conns_[index];
  if (c.busy) {
    Done d;
    d.tag = c.tag;
    d.sentAt = c.sentAt;
    d.doneAt = Clock::now();
    d.failure = std::move(reason);
    done.push_back(std::move(d));
    --inFlight_;
  }
  const bool wasBusy = c.busy;
  reopen(index);
  if (wasBusy) idle_.push_back(index);
  // An idle connection is already in idle_; reopen() left that entry valid.
}

void Pool::expire(std::vector<Done>& done) {
  const auto now = Clock::now();
  if (now < nextExpiryCheck_) return;
  nextExpiryCheck_ = now + kExpiryCheckEvery;
  for (std::uint32_t i = 0; i < conns_.size(); ++i) {
    if (conns_[i].busy && now - conns_[i].sentAt > requestTimeout_) fail(i, "no answer within the request timeout", done);
  }
}

void Pool::wait(std::chrono::nanoseconds timeout, std::vector<Done>& done) {
  if (!sendFailures_.empty()) {
    for (Done& d : sendFailures_) done.push_back(std::move(d));
    sendFailures_.clear();
    timeout = std::chrono::nanoseconds::zero();
  }
  std::array<epoll_event, 256> events;
  const auto ns = std::max(timeout, std::chrono::nanoseconds::zero()).count();
  const timespec ts{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
  const int n = ::epoll_pwait2(epoll_, events.data(), static_cast<int>(events.size()), &ts, nullptr);
  if (n < 0 && errno != EINTR) throw lastError("epoll_pwait2");
  for (int i = 0; i < n; ++i) {
    const std::uint32_t index = events[static_cast<std::size_t>(i)].data.u32;
    const std::uint32_t what = events[static_cast<std::size_t>(i)].events;
    // The fd may have been reopened earlier in this batch; its events are stale
    // then, but handling them is harmless: reads just find nothing.
    if ((what & EPOLLOUT) && conns_[index].busy) flush(index, done);
    if (what & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) receive(index, done);
  }
  expire(done);
}

}  // namespace smload
