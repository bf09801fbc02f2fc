#include "net/listener.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <algorithm>
#include <array>
#include <chrono>
#include <stdexcept>

#include "telemetry/metrics.hpp"
#include "telemetry/rate_limited_log.hpp"

namespace smfront::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

namespace {

// Out of descriptors or kernel memory: the pending connection stays in the
// backlog and accepting again at once fails again, so wait, longer each time
// until an accept succeeds.
constexpr std::chrono::milliseconds kFirstBackoff{10};
constexpr std::chrono::milliseconds kLongestBackoff{1000};
constexpr unsigned kFailuresBeforeBackoff = 16;

// Errors that the next accept would meet again at once; pausing is the only cure.
bool exhausted(const error_code& ec) {
  return ec == asio::error::no_descriptors || ec == boost::system::errc::too_many_files_open_in_system ||
         ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
}

std::vector<std::string> canonicalPeers(const std::vector<std::string>& peers, const std::string& key) {
  std::vector<std::string> out;
  for (const auto& peer : peers) {
    error_code ec;
    const auto address = asio::ip::make_address(peer, ec);
    if (ec) throw std::invalid_argument(key + ": \"" + peer + "\" is not an IP address");
    out.push_back(canonicalAddress(address));
  }
  return out;
}

std::string describe(const tcp::endpoint& endpoint) {
  const auto address = canonicalAddress(endpoint.address());
  return (address.find(':') != std::string::npos ? "[" + address + "]" : address) + ":" +
         std::to_string(endpoint.port());
}

}  // namespace

std::string canonicalAddress(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).to_string();
  }
  return address.to_string();
}

struct Listener::Impl {
  Impl(Executor executor, SocketExecutor socketExecutor, ListenerOptions options, telemetry::Registry& metrics)
      : options(std::move(options)),
        strand(asio::make_strand(executor)),
        socketExecutor(std::move(socketExecutor)),
        acceptor(strand),
        backoffTimer(strand),
        gate(std::make_shared<ConnectionGate>(GateLimits{
            .maxConnections = this->options.maxConnections,
            .connectionsPerAddress = this->options.connectionsPerAddress,
            .allowedPeers = canonicalPeers(this->options.allowedPeers, this->options.allowedPeersKey)})),
        acceptErrors(metrics.counter("smfront_accept_errors_total",
                                     "Accepts that failed (out of descriptors, buffers), per door; each waits before the next.",
                                     {{"door", this->options.door}})) {
    for (const auto refusal : {Refusal::NotAllowed, Refusal::DoorFull, Refusal::AddressFull}) {
      refused[static_cast<std::size_t>(refusal)] = &metrics.counter(
          "smfront_connections_rejected_total", "Connections closed at once, per door and reason (allow-list, caps).",
          {{"door", this->options.door}, {"reason", std::string(reasonName(refusal))}});
    }
  }

  void bind() {
    const auto where = options.door + " port " + std::to_string(options.port) + " (" + options.bindAddress + ":" +
                       std::to_string(options.port) + ")";
    error_code ec;
    const auto ip = asio::ip::make_address(options.bindAddress, ec);
    if (ec) throw BindError("cannot listen on " + where + ": invalid bind address");
    const tcp::endpoint endpoint(ip, options.port);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw BindError("cannot listen on " + where + ": " + ec.message());
    port = acceptor.local_endpoint().port();
  }

  // On the strand.
  void acceptNext(std::shared_ptr<Listener> self) {
    if (stopped) return;
    acceptor.async_accept(socketExecutor(), [this, self = std::move(self)](const error_code& ec, tcp::socket socket) {
      if (stopped || !acceptor.is_open()) return;
      // One connection that went wrong (reset while queued) is no reason to wait,
      // or an attacker could slow every door down with resets; a run of them is.
      if (ec && (exhausted(ec) || ++failuresInARow > kFailuresBeforeBackoff)) return backOff(self, ec);
      if (ec) {
        acceptErrors.inc();
        acceptFailedLog("{}: accept failed: {}", options.door, ec.message());
        return acceptNext(self);
      }
      failuresInARow = 0;
      backoff = kFirstBackoff;
      admit(std::move(socket));
      acceptNext(self);
    });
  }

  void backOff(std::shared_ptr<Listener> self, const error_code& ec) {
    acceptErrors.inc();
    acceptFailedLog("{}: accept failed: {}; next try in {} ms", options.door, ec.message(), backoff.count());
    backoffTimer.expires_after(backoff);
    backoff = std::min(backoff * 2, kLongestBackoff);
    backoffTimer.async_wait([this, self = std::move(self)](const error_code& waitError) {
      if (waitError || stopped) return;
      acceptNext(self);
    });
  }

  void admit(tcp::socket socket) {
    error_code ec;
    const auto remote = socket.remote_endpoint(ec);
    if (ec) return;  // gone already
    auto admission = gate->admit(canonicalAddress(remote.address()));
    if (admission.refusal != Refusal::None) {
      refused[static_cast<std::size_t>(admission.refusal)]->inc();
      refusedLog("{}: connection from {} refused: {}", options.door, describe(remote), explain(admission.refusal));
      socket.close(ec);
      return;
    }
    onAccepted(std::move(socket), std::move(admission.slot));
  }

  std::string explain(Refusal refusal) const {
    switch (refusal) {
      case Refusal::NotAllowed: return "not in " + options.allowedPeersKey;
      case Refusal::DoorFull:
        return std::to_string(options.maxConnections) + " connections open (" + options.maxConnectionsKey + ")";
      case Refusal::AddressFull:
        return std::to_string(options.connectionsPerAddress) +
               " connections open from this address (limits.connections_per_address)";
      case Refusal::None: break;
    }
    return {};
  }

  ListenerOptions options;
  asio::strand<Executor> strand;
  SocketExecutor socketExecutor;
  tcp::acceptor acceptor;
  asio::steady_timer backoffTimer;
  std::chrono::milliseconds backoff = kFirstBackoff;
  unsigned failuresInARow = 0;
  std::shared_ptr<ConnectionGate> gate;
  Accepted onAccepted;
  bool stopped = false;
  std::uint16_t port = 0;
  telemetry::Counter& acceptErrors;
  std::array<telemetry::Counter*, 4> refused{};
  telemetry::RateLimitedLog refusedLog{spdlog::level::warn};
  telemetry::RateLimitedLog acceptFailedLog{spdlog::level::warn};
};

std::shared_ptr<Listener> Listener::open(Executor executor, SocketExecutor socketExecutor, ListenerOptions options,
                                         telemetry::Registry& metrics) {
  auto impl = std::make_unique<Impl>(std::move(executor), std::move(socketExecutor), std::move(options), metrics);
  impl->bind();
  return std::make_shared<Listener>(std::move(impl));
}

Listener::Listener(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Listener::~Listener() = default;

std::uint16_t Listener::port() const { return impl_->port; }
std::size_t Listener::openConnections() const { return impl_->gate->open(); }

void Listener::start(Accepted accepted) {
  asio::post(impl_->strand, [self = shared_from_this(), accepted = std::move(accepted)]() mutable {
    self->impl_->onAccepted = std::move(accepted);
    self->impl_->acceptNext(self);
  });
}

void Listener::stop() {
  asio::post(impl_->strand, [self = shared_from_this()] {
    self->impl_->stopped = true;
    error_code ignored;
    self->impl_->acceptor.close(ignored);
    self->impl_->backoffTimer.cancel();
  });
}

}  // namespace smfront::net
