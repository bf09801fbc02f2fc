#pragma once
// A small blocking XMPP client for tests: logs into a real server with
// xmpp::ClientStream (STARTTLS without certificate checks, then SCRAM or
// PLAIN), sends available presence with priority 1, and collects chat messages.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/unique_fd.hpp"

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

namespace smfront::xmpp {
class ClientStream;
}

namespace smfront::testing {

struct ReceivedChat {
  std::string id;
  std::string from;
  std::string body;
};

class XmppReceiver {
 public:
  XmppReceiver(int port, std::string domain, std::string user, std::string password);
  ~XmppReceiver();
  XmppReceiver(const XmppReceiver&) = delete;
  XmppReceiver& operator=(const XmppReceiver&) = delete;

  /// Connects and logs in; empty on success, else why not.
  std::string login(std::chrono::milliseconds deadline);
  /// Reads until at least `count` chats arrived in total or the deadline passes; all chats so far.
  const std::vector<ReceivedChat>& waitForChats(std::size_t count, std::chrono::milliseconds deadline);
  /// Reads for `duration` (to see that nothing more arrives).
  const std::vector<ReceivedChat>& drain(std::chrono::milliseconds duration);
  const std::vector<ReceivedChat>& chats() const { return chats_; }
  void close();

 private:
  bool pump(std::chrono::steady_clock::time_point end);
  bool flush();
  void handleEvents();

  int port_;
  std::string domain_;
  std::string user_;
  std::string password_;
  UniqueFd fd_;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  std::unique_ptr<xmpp::ClientStream> stream_;
  bool online_ = false;
  bool startTls_ = false;
  std::string error_;
  std::vector<ReceivedChat> chats_;
};

}  // namespace smfront::testing
