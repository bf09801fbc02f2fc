#pragma once
// Internal to net/: the state a door shares with its sessions, and how a door
// starts one. Includes Asio; never include it outside this folder.
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "net/connection_gate.hpp"
#include "net/http_door.hpp"
#include "net/http_telemetry.hpp"

namespace smfront::net {

class SessionBase {
 public:
  virtual ~SessionBase() = default;
  /// Safe from any thread. force=false: finish the current response, then
  /// close; force=true: close now.
  virtual void stop(bool force) = 0;
};

struct DoorContext {
  DoorContext(std::string name, HttpLimits limits, HttpHandler& handler, HttpTelemetry& telemetry,
              std::shared_ptr<boost::asio::ssl::context> tls)
      : name(std::move(name)),
        secure(tls != nullptr),
        limits(limits),
        handler(handler),
        telemetry(telemetry),
        tls(std::move(tls)) {}

  std::string name;
  bool secure = false;
  HttpLimits limits;
  HttpHandler& handler;
  HttpTelemetry& telemetry;
  std::shared_ptr<boost::asio::ssl::context> tls;

  std::atomic<std::size_t> open{0};
  std::atomic<bool> stopping{false};
  std::mutex sessionsMutex;
  std::unordered_map<SessionBase*, std::weak_ptr<SessionBase>> sessions;

  void forEachSession(bool force) {
    std::vector<std::shared_ptr<SessionBase>> live;
    {
      std::lock_guard lock(sessionsMutex);
      for (auto& [_, weak] : sessions) {
        if (auto s = weak.lock()) live.push_back(std::move(s));
      }
    }
    for (auto& s : live) s->stop(force);
  }
};

/// Takes over an accepted socket (already on its own strand) and its place at the door.
void startHttpSession(boost::asio::ip::tcp::socket socket, std::shared_ptr<DoorContext> door, ConnectionSlot slot);

}  // namespace smfront::net
