#pragma once

// The command line of smload: a mode and its flags, all checked before any
// connection is made.

#include <cstdint>
#include <optional>
#include <string>

namespace smload {

enum class Mode { Create, ChatHold, Callback };

struct Options {
  Mode mode = Mode::ChatHold;
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  std::uint64_t chats = 0;            // chats to create (0 with --cookies)
  std::int64_t feed = 100000;
  std::uint32_t connections = 500;
  // Connection i comes from 127.0.0.(1 + i % N) when the server is on loopback:
  // one load tool stands for many customers, and per-address limits count them
  // apart. 0: one address per connection, up to 250.
  std::uint32_t sourceAddresses = 0;
  std::string cookiesIn;              // chat-hold: poll these sessions instead of creating
  std::string cookiesOut;             // create: where the session cookies go, one a line
  std::uint64_t intervalMs = 2000;    // chat-hold: each chat polls this often
  std::uint64_t durationS = 60;       // chat-hold: how long the chats poll; callback: how long creates go on
  std::int64_t eventId = 1;           // chat-hold: the eventid polled (1 = after chat_ok)
  std::uint64_t timeoutMs = 10000;    // a request with no answer by then fails
  std::uint64_t rate = 0;             // callback: creates per second
  std::uint64_t pollIntervalMs = 100; // callback: each callback polls this often until handled
  std::uint64_t deadlineS = 30;       // callback: polling stops this long after the creates end
  bool tasks = false;                 // callback --kind task: create tasks (GET /ccp/task/feed/F?...)
  std::string sentLog;                // callback: "<contact id> <create sent, CLOCK_MONOTONIC s>" per 201
};

extern const char* const kUsage;

// The options, or nullopt after printing the reason (and the usage) to stderr.
std::optional<Options> parseOptions(int argc, char** argv);

}  // namespace smload
