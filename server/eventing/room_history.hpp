#pragma once
// Which part of a room's history a joining occupant gets (XEP-0045 §7.2.15):
// the newest messages only, as few as any of the client's <history/> limits
// (maxstanzas, maxchars, seconds, since) and the server's own allow, and whole
// stanzas only. Pure: the time is a parameter.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "xml/element.hpp"

namespace smfront::eventing {

/// The client's <history/> limits; an absent or unreadable attribute sets none.
struct HistoryRequest {
  std::optional<std::size_t> maxStanzas;
  std::optional<std::size_t> maxChars;
  std::optional<std::int64_t> seconds;
  std::optional<std::int64_t> sinceMs;
};

/// Reads <x xmlns='http://jabber.org/protocol/muc'><history .../></x> of a join presence.
HistoryRequest readHistoryRequest(const xml::Element& presence);

/// The server's side of the limits.
struct HistoryPolicy {
  std::size_t maxStanzas = 20;  // limits.room_history_stanzas
  std::size_t maxBytes = 0;     // 0: none beyond the client's maxchars
};

/// One message of the history as it would be sent.
struct HistoryEntry {
  std::int64_t timeMs = 0;
  std::size_t chars = 0;  // of the complete stanza
};

/// How many of the newest @p entries (oldest first) to send at @p nowMs.
std::size_t historyToSend(const std::vector<HistoryEntry>& entries, const HistoryRequest& request,
                          const HistoryPolicy& policy, std::int64_t nowMs);

}  // namespace smfront::eventing
