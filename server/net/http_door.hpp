#pragma once
// One HTTP or HTTPS listener and the connections it accepted.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "net/bind_error.hpp"
#include "net/http_message.hpp"

namespace boost::asio {
class io_context;
namespace ssl {
class context;
}
}  // namespace boost::asio

namespace smfront::security {
class KeyedRate;
}

namespace smfront::net {

class HttpTelemetry;

struct HttpLimits {
  std::size_t maxHeaderBytes = 8 * 1024;       // request line and fields; over it: 431
  std::size_t maxBodyBytes = 128 * 1024;       // over it: 413
  std::chrono::milliseconds readTimeout{10000};  // a whole request, from its first byte; over it: 408
  std::chrono::milliseconds idleTimeout{60000};  // keep-alive wait for the next request; then close
  std::size_t maxConnections = 10000;          // beyond it new connections are closed at once
  std::size_t connectionsPerAddress = 1000;   // the same, from one client address
  // Requests are mostly held (long polls, e.g. BOSH): a connection keeps no read
  // buffer while its handler waits or while it idles, at the price of one buffer
  // allocation per request. Off for request/response doors, which keep theirs.
  bool heldRequests = false;
  // Requests refused (a 4xx that blames the client, 501) are charged to the
  // client's address here, and an address in debt waits before its next request
  // is read (limits.refusals_per_address_per_minute). Shared by every door, so
  // one that is paced on one door is paced on all. Null: no pacing.
  std::shared_ptr<security::KeyedRate> refusalPacing{};
  std::function<void()> paced{};  // a request waited for refusalPacing (metrics, log)
};

struct HttpDoorOptions {
  std::string name;         // "http", "https": names the door in logs, metrics and errors
  std::string bindAddress;  // e.g. "0.0.0.0"
  std::uint16_t port = 0;   // 0: any free port
  HttpLimits limits;
  std::shared_ptr<boost::asio::ssl::context> tls;  // null: plain HTTP
};

class HttpDoor {
 public:
  /// Binds and listens at once (throws BindError); accepting starts with start().
  HttpDoor(boost::asio::io_context& io, HttpDoorOptions options, HttpHandler& handler, HttpTelemetry& telemetry);
  ~HttpDoor();
  HttpDoor(const HttpDoor&) = delete;
  HttpDoor& operator=(const HttpDoor&) = delete;

  const std::string& name() const;
  std::uint16_t port() const;
  bool secure() const;
  std::size_t openConnections() const;

  void start();
  /// Graceful stop: no new connections; idle ones close now, busy ones after
  /// the response they are working on.
  void beginStop();
  /// The grace period is over: cut every connection that is still open.
  void closeAll();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace smfront::net
