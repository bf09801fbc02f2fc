#include "net/connection_gate.hpp"

#include <algorithm>
#include <utility>

namespace smfront::net {

std::string_view reasonName(Refusal refusal) {
  switch (refusal) {
    case Refusal::None: return "none";
    case Refusal::NotAllowed: return "not_allowed";
    case Refusal::DoorFull: return "door_full";
    case Refusal::AddressFull: return "address_full";
  }
  return "unknown";
}

ConnectionSlot::ConnectionSlot(ConnectionSlot&& other) noexcept
    : gate_(std::move(other.gate_)), address_(std::move(other.address_)) {
  other.gate_.reset();
}

ConnectionSlot& ConnectionSlot::operator=(ConnectionSlot&& other) noexcept {
  if (this != &other) {
    release();
    gate_ = std::move(other.gate_);
    address_ = std::move(other.address_);
    other.gate_.reset();
  }
  return *this;
}

ConnectionSlot::~ConnectionSlot() { release(); }

void ConnectionSlot::release() {
  if (auto gate = std::exchange(gate_, nullptr)) gate->release(address_);
}

ConnectionGate::Admission ConnectionGate::admit(const std::string& address) {
  const auto& allowed = limits_.allowedPeers;
  if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), address) == allowed.end()) {
    return {Refusal::NotAllowed, {}};
  }
  const std::lock_guard lock(mutex_);
  if (open_ >= limits_.maxConnections) return {Refusal::DoorFull, {}};
  auto& fromAddress = perAddress_[address];
  if (fromAddress >= limits_.connectionsPerAddress) {
    if (fromAddress == 0) perAddress_.erase(address);
    return {Refusal::AddressFull, {}};
  }
  ++fromAddress;
  ++open_;
  return {Refusal::None, ConnectionSlot(shared_from_this(), address)};
}

void ConnectionGate::release(const std::string& address) {
  const std::lock_guard lock(mutex_);
  --open_;
  const auto it = perAddress_.find(address);
  if (it != perAddress_.end() && --it->second == 0) perAddress_.erase(it);
}

std::size_t ConnectionGate::open() const {
  const std::lock_guard lock(mutex_);
  return open_;
}

std::size_t ConnectionGate::openFrom(const std::string& address) const {
  const std::lock_guard lock(mutex_);
  const auto it = perAddress_.find(address);
  return it == perAddress_.end() ? 0 : it->second;
}

}  // namespace smfront::net
