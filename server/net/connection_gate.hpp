#pragma once
// Who may hold a connection to one door: an optional allow-list of peer
// addresses, a cap on the door's open connections and a cap per client address.
// Pure (no sockets): the listener asks with the peer's address as text and keeps
// the slot it gets for as long as the connection lives.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <mutex>
#include <vector>

namespace smfront::net {

struct GateLimits {
  std::size_t maxConnections = 10000;         // open connections to the door
  std::size_t connectionsPerAddress = 1000;   // of which from one client address
  std::vector<std::string> allowedPeers;      // canonical addresses; empty: anyone
};

/// Why a connection was refused; also the `reason` label of the metric.
enum class Refusal { None, NotAllowed, DoorFull, AddressFull };
std::string_view reasonName(Refusal refusal);

class ConnectionGate;

/// One admitted connection's place; gives it back when destroyed.
class ConnectionSlot {
 public:
  ConnectionSlot() = default;
  ConnectionSlot(ConnectionSlot&& other) noexcept;
  ConnectionSlot& operator=(ConnectionSlot&& other) noexcept;
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;
  ~ConnectionSlot();

  explicit operator bool() const { return gate_ != nullptr; }

 private:
  friend class ConnectionGate;
  ConnectionSlot(std::shared_ptr<ConnectionGate> gate, std::string address)
      : gate_(std::move(gate)), address_(std::move(address)) {}
  void release();

  std::shared_ptr<ConnectionGate> gate_;
  std::string address_;
};

/// Thread-safe: slots are given back on the strands of their connections.
class ConnectionGate : public std::enable_shared_from_this<ConnectionGate> {
 public:
  explicit ConnectionGate(GateLimits limits) : limits_(std::move(limits)) {}

  struct Admission {
    Refusal refusal = Refusal::None;
    ConnectionSlot slot;  // set when admitted
  };
  /// `address` in canonical text form (IPv4-mapped IPv6 as plain IPv4).
  Admission admit(const std::string& address);

  std::size_t open() const;
  std::size_t openFrom(const std::string& address) const;

 private:
  friend class ConnectionSlot;
  void release(const std::string& address);

  const GateLimits limits_;
  mutable std::mutex mutex_;
  std::size_t open_ = 0;
  std::unordered_map<std::string, std::size_t> perAddress_;
};

}  // namespace smfront::net
