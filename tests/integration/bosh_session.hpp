#pragma once
// An XMPP client over BOSH as the tests need it: one keep-alive connection,
// one request at a time, raw bodies in and out. Enough to log in with PLAIN,
// subscribe, join a room and read what the server sends.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "support/http_client.hpp"

namespace smfront::testing {

class BoshSession {
 public:
  /// Connects to @p port from @p source (a loopback address).
  explicit BoshSession(int port, std::string source = "127.0.0.1");

  /// Creation request (wait as given); the answer's body, and the sid once created.
  std::string create(int wait = 5);
  const std::string& sid() const { return sid_; }

  /// One request carrying @p payload (stanzas, or nothing to poll); the answer's
  /// body, empty when the connection failed. @p attributes go on <body>.
  std::string send(const std::string& payload, const std::string& attributes = {},
                   std::chrono::milliseconds deadline = std::chrono::seconds(15));

  /// SASL PLAIN; the answer (success or failure).
  std::string authPlain(const std::string& user, const std::string& password);
  /// PLAIN, restart, bind, session and initial presence; false on any failure.
  bool login(const std::string& user, const std::string& password, const std::string& resource = "test");

  /// Sends empty requests until the text gathered from their answers contains
  /// @p needle, the session ends, or @p deadline passes. Returns the gathered text.
  std::string readUntil(const std::string& needle, std::chrono::milliseconds deadline);

  /// Whether an answer so far was a terminate.
  bool terminated() const { return terminated_; }
  const std::string& lastBody() const { return last_; }

 private:
  HttpClient http_;
  int port_;
  std::string sid_;
  std::uint64_t rid_ = 4000;
  std::string last_;
  bool terminated_ = false;
};

}  // namespace smfront::testing
