#pragma once
// What the customer-facing services hold at most (config `limits`): beyond
// each, a new chat, message, callback or task is refused with a Refusal the
// doors answer in their own words (REST: 429 or 503 with Retry-After).
#include <cstddef>
#include <functional>
#include <string_view>

namespace smfront::core {

struct ServiceLimits {
  std::size_t liveChats = 10000;        // chats not yet ended
  std::size_t messagesPerChat = 1000;   // customer messages in one chat
  std::size_t queuedCallbacks = 10000;  // callbacks not yet given to an agent (unread, queued)
  std::size_t queuedTasks = 10000;      // tasks likewise
  /// Seconds a client refused for a full server is told to wait: about when a
  /// chat's join timer or an agent may have freed a place.
  int retryAfterS = 30;
  /// Told each refusal, with the limit's config key ("live_chats", ...), for
  /// metrics and the log. Runs on the core strand.
  std::function<void(std::string_view limit)> reached;
};

}  // namespace smfront::core
