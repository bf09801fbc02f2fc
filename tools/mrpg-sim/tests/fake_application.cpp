#include "fake_application.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <stdexcept>

namespace smfront::mrpgsim::testing {

using Clock = std::chrono::steady_clock;

FakeApplication::FakeApplication() {
  listener_.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!listener_.valid()) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listener_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listener_.get(), 4) != 0) {
    throw std::runtime_error("bind/listen failed");
  }
  socklen_t len = sizeof addr;
  ::getsockname(listener_.get(), reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
}

bool FakeApplication::accept(std::chrono::milliseconds deadline) {
  pollfd p{listener_.get(), POLLIN, 0};
  if (::poll(&p, 1, static_cast<int>(deadline.count())) <= 0) return false;
  conn_.reset(::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC));
  if (!conn_.valid()) return false;
  const int one = 1;
  ::setsockopt(conn_.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  link_.emplace(mr::SessionOptions{}, Clock::now());
  return true;
}

std::size_t FakeApplication::count(mr::MessageType type) const {
  return static_cast<std::size_t>(std::count(received_.begin(), received_.end(), type));
}

void FakeApplication::record() {
  mr::Session& session = link_->session();
  for (const mr::Event& e : session.events()) {
    SeenEvent s;
    if (const auto* opened = std::get_if<mr::event::Opened>(&e)) {
      s.kind = "opened";
      (void)opened;
    } else if (const auto* r = std::get_if<mr::event::RoutingStatus>(&e)) {
      s.kind = "routing";
      s.available = r->available;
    } else if (const auto* a = std::get_if<mr::event::TaskAccepted>(&e)) {
      s.kind = "accepted";
      s.dialogueId = a->dialogueId;
    } else if (const auto* q = std::get_if<mr::event::TaskQueued>(&e)) {
      s.kind = "queued";
      s.dialogueId = q->dialogueId;
      s.ewt = q->estimatedWaitSeconds;
    } else if (const auto* routed = std::get_if<mr::event::TaskRouted>(&e)) {
      s.kind = "routed";
      s.dialogueId = routed->message->dialogue.dialogueId;
      s.label = std::string(routed->message->label);
    } else if (const auto* ended = std::get_if<mr::event::DialogueEnded>(&e)) {
      s.kind = "ended";
      s.dialogueId = ended->dialogueId;
      s.code = ended->code;
      s.how = ended->how;
    } else if (const auto* late = std::get_if<mr::event::CancelTooLate>(&e)) {
      s.kind = "too-late";
      s.dialogueId = late->dialogueId;
    } else if (const auto* v = std::get_if<mr::event::Violation>(&e)) {
      s.kind = "violation";
      s.code = v->code;
    } else if (const auto* c = std::get_if<mr::event::Closed>(&e)) {
      s.kind = "closed";
      s.reason = c->reason;
    } else {
      s.kind = "other";
    }
    seen_.push_back(std::move(s));
  }
  session.clearEvents();
}

void FakeApplication::writeOutbox() {
  std::string& out = link_->session().outbox();
  std::size_t at = 0;
  while (conn_.valid() && at < out.size()) {
    const ssize_t n = ::send(conn_.get(), out.data() + at, out.size() - at, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    at += static_cast<std::size_t>(n);
  }
  out.clear();
  if (link_->session().closeDecision()) conn_.reset();
}

bool FakeApplication::runUntil(const std::function<bool()>& done, std::chrono::milliseconds deadline) {
  const auto end = Clock::now() + deadline;
  std::array<char, 4096> buf{};
  for (;;) {
    writeOutbox();  // whatever the test queued through session()
    if (done()) return true;
    if (!conn_.valid()) return false;
    const auto now = Clock::now();
    if (now >= end) return false;
    const auto wake = std::min<Clock::time_point>(end, link_->session().nextDeadline());
    const auto waitMs = std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count() + 1;
    pollfd p{conn_.get(), POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::max<long long>(0, waitMs)));
    if (ready > 0) {
      const ssize_t n = ::recv(conn_.get(), buf.data(), buf.size(), 0);
      if (n <= 0) {
        link_->session().disconnected(Clock::now());
        record();
        conn_.reset();
        continue;
      }
      link_->feed(std::string_view(buf.data(), static_cast<std::size_t>(n)));
      while (link_->next(Clock::now())) {
        if (link_->lastStatus().ok()) received_.push_back(mr::typeOf(link_->lastMessage()));
        record();
        writeOutbox();
      }
    }
    link_->session().tick(Clock::now());
    record();
    writeOutbox();
  }
}

const SeenEvent* FakeApplication::waitFor(const std::string& kind, std::chrono::milliseconds deadline) {
  const auto find = [&]() -> const SeenEvent* {
    for (const SeenEvent& s : seen_) {
      if (s.kind == kind) return &s;
    }
    return nullptr;
  };
  runUntil([&] { return find() != nullptr; }, deadline);
  return find();
}

std::uint32_t FakeApplication::startTask(mr::NewTask& task) {
  const auto id = link_->session().startTask(task, Clock::now());
  writeOutbox();
  return id.value_or(0);
}

bool FakeApplication::cancelTask(std::uint32_t dialogueId) {
  const bool ok = link_->session().cancelTask(dialogueId, Clock::now());
  writeOutbox();
  return ok;
}

void FakeApplication::dropConnection() { conn_.reset(); }

}  // namespace smfront::mrpgsim::testing
