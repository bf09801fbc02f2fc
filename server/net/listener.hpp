#pragma once
// The one way a door listens: binds (one-line BindError), accepts with back-off
// when the process is out of descriptors or buffers, and admits each connection
// through its ConnectionGate (allow-list, door cap, per-address cap), counting
// and logging (rate-limited) what it refuses. Includes Asio: include it from
// .cpp files only.
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "net/bind_error.hpp"
#include "net/connection_gate.hpp"

namespace smfront::telemetry {
class Registry;
}

namespace smfront::net {

struct ListenerOptions {
  std::string door{};         // "http", "mr", ...: names it in logs, metrics and errors
  std::string bindAddress{};  // e.g. "0.0.0.0"
  std::uint16_t port = 0;     // 0: any free port
  std::size_t maxConnections = 10000;
  std::size_t connectionsPerAddress = 1000;
  std::vector<std::string> allowedPeers{};  // IP addresses; empty: anyone
  // The configuration keys behind the caps and the allow-list, for the refusal log.
  std::string maxConnectionsKey = "limits";
  std::string allowedPeersKey = "allowed peers";
};

/// The canonical text of an address: IPv4-mapped IPv6 as plain IPv4.
std::string canonicalAddress(const boost::asio::ip::address& address);

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  using Executor = boost::asio::any_io_executor;
  /// Where each accepted socket will live (its strand).
  using SocketExecutor = std::function<Executor()>;
  /// Takes over an admitted connection; the slot must live as long as it does.
  using Accepted = std::function<void(boost::asio::ip::tcp::socket, ConnectionSlot)>;

  /// Binds and listens at once (throws BindError, or std::invalid_argument for
  /// an allowed peer that is not an IP address); accepting starts with start().
  static std::shared_ptr<Listener> open(Executor executor, SocketExecutor socketExecutor, ListenerOptions options,
                                        telemetry::Registry& metrics);
  ~Listener();

  std::uint16_t port() const;
  /// Connections admitted and not yet closed.
  std::size_t openConnections() const;

  void start(Accepted accepted);
  /// No new connections; those open are the door's to close.
  void stop();

  struct Impl;
  explicit Listener(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace smfront::net
