#include "support/xmpp_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "xmpp/client_stream.hpp"

namespace smfront::testing {

using Clock = std::chrono::steady_clock;

XmppReceiver::XmppReceiver(int port, std::string domain, std::string user, std::string password)
    : port_(port), domain_(std::move(domain)), user_(std::move(user)), password_(std::move(password)) {}

XmppReceiver::~XmppReceiver() { close(); }

void XmppReceiver::close() {
  if (ssl_ != nullptr) {
    SSL_free(ssl_);
    ssl_ = nullptr;
  }
  if (ctx_ != nullptr) {
    SSL_CTX_free(ctx_);
    ctx_ = nullptr;
  }
  fd_.reset();
  online_ = false;
}

bool XmppReceiver::flush() {
  const std::string out = stream_->takeOutput();
  std::size_t sent = 0;
  while (sent < out.size()) {
    int n = 0;
    if (ssl_ != nullptr) {
      n = SSL_write(ssl_, out.data() + sent, static_cast<int>(out.size() - sent));
    } else {
      n = static_cast<int>(::send(fd_.get(), out.data() + sent, out.size() - sent, MSG_NOSIGNAL));
    }
    if (n <= 0) {
      error_ = "write failed";
      return false;
    }
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

void XmppReceiver::handleEvents() {
  for (auto& event : stream_->takeEvents()) {
    if (std::holds_alternative<xmpp::event::StartTls>(event)) {
      startTls_ = true;
    } else if (std::holds_alternative<xmpp::event::Online>(event)) {
      online_ = true;
    } else if (const auto* failed = std::get_if<xmpp::event::Failed>(&event)) {
      error_ = std::string(xmpp::toString(failed->error)) + " " + failed->text;
    } else if (const auto* stanza = std::get_if<xmpp::event::StanzaReceived>(&event)) {
      const auto& e = stanza->stanza;
      if (e.name() != "message") continue;
      const auto* body = e.child("body");
      if (body == nullptr) continue;
      chats_.push_back({e.attrOr("id", ""), e.attrOr("from", ""), body->text()});
    }
  }
}

// Reads once (waiting until `end`); false on error or close.
bool XmppReceiver::pump(Clock::time_point end) {
  if (!flush()) return false;
  handleEvents();
  if (startTls_) {
    startTls_ = false;
    ctx_ = SSL_CTX_new(TLS_client_method());
    ssl_ = SSL_new(ctx_);
    SSL_set_fd(ssl_, fd_.get());
    SSL_set_tlsext_host_name(ssl_, domain_.c_str());
    if (SSL_connect(ssl_) != 1) {
      error_ = "TLS handshake failed";
      return false;
    }
    stream_->tlsEstablished();
    return flush();
  }
  if (!error_.empty()) return false;
  const bool buffered = ssl_ != nullptr && SSL_pending(ssl_) > 0;
  if (!buffered) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count();
    if (left <= 0) return true;
    pollfd p{fd_.get(), POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left));
    if (ready <= 0) return ready == 0 || errno == EINTR;
  }
  std::array<char, 16384> buffer;
  int n = 0;
  if (ssl_ != nullptr) {
    n = SSL_read(ssl_, buffer.data(), static_cast<int>(buffer.size()));
  } else {
    n = static_cast<int>(::recv(fd_.get(), buffer.data(), buffer.size(), 0));
  }
  if (n <= 0) {
    error_ = "connection closed";
    return false;
  }
  stream_->receive(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
  handleEvents();
  return error_.empty() && flush();
}

std::string XmppReceiver::login(std::chrono::milliseconds deadline) {
  close();
  error_.clear();
  fd_ = UniqueFd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port_));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    return std::string("connect: ") + std::strerror(errno);
  }
  xmpp::ClientOptions options;
  options.domain = domain_;
  options.username = user_;
  options.password = password_;
  options.resource = "test";
  options.requireTls = false;
  options.allowPlainWithoutTls = true;
  options.presencePriority = 1;  // bare-JID and offline messages come here
  stream_ = std::make_unique<xmpp::ClientStream>(options);
  stream_->start();
  const auto end = Clock::now() + deadline;
  while (!online_ && Clock::now() < end) {
    if (!pump(end)) return error_.empty() ? "failed" : error_;
  }
  return online_ ? std::string{} : "timed out logging in";
}

const std::vector<ReceivedChat>& XmppReceiver::waitForChats(std::size_t count, std::chrono::milliseconds deadline) {
  const auto end = Clock::now() + deadline;
  while (chats_.size() < count && Clock::now() < end && fd_.valid()) {
    if (!pump(end)) break;
  }
  return chats_;
}

const std::vector<ReceivedChat>& XmppReceiver::drain(std::chrono::milliseconds duration) {
  const auto end = Clock::now() + duration;
  while (Clock::now() < end && fd_.valid()) {
    if (!pump(end)) break;
  }
  return chats_;
}

}  // namespace smfront::testing
