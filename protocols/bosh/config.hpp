#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace smfront::bosh {

/// What the connection manager offers; spec bosh-xmpp.md §3 gives the defaults.
struct SessionConfig {
  /// Our XMPP domain: creation requests must be addressed to it (`to`), and it is `from`.
  std::string domain = "localhost";
  /// Ceiling on the client's `wait`.
  std::chrono::seconds maxWait{60};
  /// Ceiling on the client's `hold`; requests hold more than this are answered at once.
  std::uint32_t hold = 1;
  /// `requests`: how far ahead of the last processed rid a request may arrive.
  std::uint32_t requests = 2;
  /// Seconds with no request open after which the session is gone.
  std::chrono::seconds inactivity{60};
  /// Advertised only; short polling is not enforced.
  std::chrono::seconds polling{5};
  /// Longest `pause` a client may ask for.
  std::chrono::seconds maxPause{120};
  /// Outbound bytes buffered while no request is held; beyond it: policy-violation.
  std::size_t maxPendingBytes = 1 << 20;
  /// `secure` attribute: the hop behind the connection manager is in-process.
  bool secure = true;
};

}  // namespace smfront::bosh
