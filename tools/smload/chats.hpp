#pragma once

// The two loads smload puts on a chat server: creating chats, and holding
// them open while each polls for events at a fixed interval.

#include <netinet/in.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "histogram.hpp"
#include "options.hpp"

namespace smload {

struct CreateResult {
  std::vector<std::string> cookies;  // one per created chat
  std::uint64_t failed = 0;
  std::map<int, std::uint64_t> statuses;  // answers other than 201 with a cookie
  std::string firstFailure;
  double seconds = 0;
};

struct HoldResult {
  std::uint64_t sent = 0;
  std::uint64_t ok = 0;                   // 200
  std::map<int, std::uint64_t> statuses;  // every status seen
  std::uint64_t transportErrors = 0;      // no answer: closed, reset, timed out, malformed
  std::uint64_t unanswered = 0;           // still in flight when the drain time ran out
  std::uint64_t unsent = 0;               // due but no connection was free before the end
  std::uint64_t reconnects = 0;
  std::string firstFailure;
  Histogram latency;  // send to complete answer
  Histogram lag;      // due time to send: how far the client fell behind its schedule
  double seconds = 0;
};

CreateResult createChats(const sockaddr_in& server, const Options& options);
HoldResult holdChats(const sockaddr_in& server, const Options& options, const std::vector<std::string>& cookies);

}  // namespace smload
