#pragma once
// The XMPP server configuration representation (spec socialminer-rest 8.6):
// GET and PUT /ccp-webapp/ccp/xmpp/default.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ccp/parsed.hpp"

namespace smfront::ccp {

struct XmppConfig {
  bool xmppEnabled = false;
  std::string xmppHost;
  std::int64_t xmppPort = 5222;
  std::string xmppService;
  bool xmppServiceLookup = false;
  std::string xmppServiceUsername;
  /// Written as ****** (see kMaskedPassword).
  std::string xmppServicePassword;
  std::string refURL;

  friend bool operator==(const XmppConfig&, const XmppConfig&) = default;
};

/// PUT: absent fields unchanged.
struct XmppConfigUpdate {
  std::optional<bool> xmppEnabled;
  std::optional<std::string> xmppHost;
  std::optional<std::int64_t> xmppPort;
  std::optional<std::string> xmppService;
  std::optional<bool> xmppServiceLookup;
  std::optional<std::string> xmppServiceUsername;  // also read as xmppServiceUserName
  std::optional<std::string> xmppServicePassword;
};

/// @brief Parses an `<Xmpp>` PUT body: port 1–65535, host and service DNS-like names.
Parsed<XmppConfigUpdate> parseXmppConfigUpdate(std::string_view body);

/// @brief Applies @p update; a password of ****** keeps the stored one. Returns the problems of
/// the result as a whole (enabled needs a host or a lookup, a service and a username).
Problems applyXmppConfigUpdate(XmppConfig& config, const XmppConfigUpdate& update);

/// @brief `<Xmpp>` with the password masked.
std::string serializeXmppConfig(const XmppConfig& config);

}  // namespace smfront::ccp
