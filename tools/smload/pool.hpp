#pragma once

// A fixed set of keep-alive connections to one server, driven by one epoll
// loop on the caller's thread. Each connection carries one request at a time
// (no pipelining), so an answer always belongs to the request sent last on it,
// and a connection the server closes is reopened so the pool keeps its size.

#include <netinet/in.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "response_parser.hpp"

namespace smload {

using Clock = std::chrono::steady_clock;

// One finished request: an answer, or the reason there is none.
struct Done {
  std::uint64_t tag = 0;
  Clock::time_point sentAt;
  Clock::time_point doneAt;
  bool answered = false;
  Response response;    // when answered
  std::string failure;  // when not
};

class Pool {
 public:
  // Opens `size` connections at once; throws std::system_error if one fails.
  // With `sourceAddresses` > 1 and a loopback server, connection i comes from
  // 127.0.0.(1 + i % sourceAddresses); 0 is one address per connection, up to 250.
  Pool(const sockaddr_in& server, std::size_t size, std::chrono::milliseconds requestTimeout,
       std::uint32_t sourceAddresses = 1);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  bool hasIdle() const { return !idle_.empty(); }
  std::size_t inFlight() const { return inFlight_; }
  std::uint64_t reconnects() const { return reconnects_; }

  // Sends a whole request on the connection idle the longest, spreading the
  // load over every connection as real clients would. Requires hasIdle().
  void send(std::string request, std::uint64_t tag);

  // Waits up to `timeout` for the sockets and appends the requests that ended.
  void wait(std::chrono::nanoseconds timeout, std::vector<Done>& done);

 private:
  struct Conn {
    int fd = -1;
    bool busy = false;
    bool wantWrite = false;
    std::string out;
    std::size_t written = 0;
    ResponseParser parser;
    std::uint64_t tag = 0;
    Clock::time_point sentAt;
  };

  void open(std::uint32_t index);
  void reopen(std::uint32_t index);
  void flush(std::uint32_t index, std::vector<Done>& done);
  void receive(std::uint32_t index, std::vector<Done>& done);
  void fail(std::uint32_t index, std::string reason, std::vector<Done>& done);
  void watchWrites(Conn& c, bool on);
  void expire(std::vector<Done>& done);

  sockaddr_in server_;
  std::uint32_t sourceAddresses_ = 1;
  std::chrono::milliseconds requestTimeout_;
  int epoll_ = -1;
  std::vector<Conn> conns_;
  std::deque<std::uint32_t> idle_;
  std::vector<Done> sendFailures_;  // failures found while sending, reported by the next wait()
  std::size_t inFlight_ = 0;
  std::uint64_t reconnects_ = 0;
  Clock::time_point nextExpiryCheck_;
};

}  // namespace smload
