#pragma once
// A bare TCP peer for attacks on a door: connects from a chosen loopback source
// address, sends without reading, and tells whether the server closed it.
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "support/unique_fd.hpp"

namespace smfront::testing {

class RawPeer {
 public:
  /// Connects to 127.0.0.1:port from `source` (any 127.x.y.z); `receiveBuffer`
  /// > 0 shrinks SO_RCVBUF first, so a peer that never reads fills up quickly.
  RawPeer(int port, const std::string& source = "127.0.0.1", int receiveBuffer = 0);

  bool connected() const { return fd_.valid(); }
  int fd() const { return fd_.get(); }

  /// Sends what the socket takes within `deadline`; the bytes sent, and whether
  /// the server closed or reset the connection meanwhile.
  struct Sent {
    std::size_t bytes = 0;
    bool closed = false;
  };
  Sent sendSome(std::string_view bytes, std::chrono::milliseconds deadline);

  /// Reads until `bytes` are buffered (true), or the peer closes or the deadline passes (false).
  bool readAtLeast(std::size_t bytes, std::chrono::milliseconds deadline);
  /// Reads and drops everything until the server closes (true) or the deadline passes (false).
  bool closedByServer(std::chrono::milliseconds deadline);
  const std::string& received() const { return received_; }

 private:
  UniqueFd fd_;
  std::string received_;
};

/// The resident set size of a process in KiB (VmRSS), 0 when unknown.
std::size_t residentKiB(pid_t pid);
/// CPU time (user + system) a process has used so far.
std::chrono::milliseconds cpuTime(pid_t pid);
/// Big-endian 32 bits, as MR frames write them.
std::string be32(std::uint32_t value);

}  // namespace smfront::testing
