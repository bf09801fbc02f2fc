#pragma once

// The `limits` section: what anonymous or misbehaving peers can make the server
// hold. Every limit is a whole number with a safe default sized so the
// benchmarks still run; each is described once, in kLimitFields, from which the
// loader, the printer and the documentation are derived. A new limit is one
// member here and one row in the table.

#include <array>
#include <cstddef>
#include <string_view>

namespace smfront::config {

struct Limits {
  // Customer chat, callback and task (the REST door).
  std::size_t liveChats = 10000;         // chat sessions open at once
  std::size_t chatMessageChars = 10000;  // one chat message (spec socialminer-rest 3.5)
  std::size_t messagesPerChat = 1000;    // customer messages kept per chat: 10 MB at most at 10,000 characters
  std::size_t queuedCallbacks = 10000;   // callbacks waiting for an agent
  std::size_t queuedTasks = 10000;       // tasks waiting for an agent
  // Chats, callbacks and tasks created from one client address: a minute's worth at
  // once, then evenly. A widget customer creates one; load tools that stand for
  // many customers connect from many loopback addresses (smload --source-addresses).
  std::size_t newContactsPerAddressPerMinute = 600;

  // Connections, per door.
  // Open connections from one client address: a tenth of a door, so one host
  // cannot take a door's every slot. Load tools that stand for many clients
  // connect from many loopback addresses (boshload --source-addresses).
  std::size_t connectionsPerAddress = 1000;
  // Requests the server refused (bad input, wrong password, over a limit) from one
  // client address: a minute's worth are answered at once; beyond that the
  // address's next requests, on every HTTP and BOSH door, wait until it is back
  // within the rate, up to a minute. A client that is not refused never waits.
  std::size_t refusalsPerAddressPerMinute = 300;

  // BOSH and the embedded XMPP services.
  std::size_t boshUnauthenticatedSessions = 10000;           // sessions not yet logged in, in all
  // One address gets a tenth: the BOSH benchmark logs in 100 at a time (tools/boshload --concurrency).
  std::size_t boshUnauthenticatedSessionsPerAddress = 1000;  // the same from one client address
  std::size_t subscriptionsPerUser = 1000;                   // pubsub subscriptions of one user
  std::size_t roomHistoryStanzas = 20;                       // MUC history sent on join, at most

  // Failed logins (HTTP Basic and SASL): throttled per client address and per user name.
  std::size_t loginFailuresBeforeDelay = 5;  // free failures before the delay starts
  std::size_t loginDelayMaxMs = 30000;       // the growing delay stops growing here

  // The MR link.
  std::size_t mrPendingTasks = 10000;      // contacts waiting to be sent to the PG
  std::size_t mrOutboxBytes = 1048576;     // unread bytes to the PG before the link is closed
  std::size_t mrConnections = 8;           // connections to the MR port at once
  std::size_t mrWriteStallMs = 10000;      // a write to the PG unfinished this long closes the link

  // Contact search (REST door).
  std::size_t searchMaxCount = 200;          // results per page (SocialMiner's documented maximum)
  std::size_t searchTranscriptChars = 20000; // transcript characters per chat in a result
  std::size_t searchesPerUserPerMinute = 30; // searches by one user: a minute's worth at once, then evenly

  bool operator==(const Limits&) const = default;
};

// One limit as the configuration file names it.
struct LimitField {
  std::string_view key;  // limits.<key>
  std::size_t Limits::*member;
  std::size_t min;
  std::size_t max;
  std::string_view meaning;  // one line for the docs and the printer's reader
};

inline constexpr std::size_t kNoUpperLimit = 1000000000;

inline constexpr std::array kLimitFields{
    LimitField{"live_chats", &Limits::liveChats, 1, kNoUpperLimit, "chat sessions open at once"},
    LimitField{"chat_message_chars", &Limits::chatMessageChars, 1, 1000000, "characters in one chat message"},
    LimitField{"messages_per_chat", &Limits::messagesPerChat, 1, kNoUpperLimit, "customer messages per chat"},
    LimitField{"queued_callbacks", &Limits::queuedCallbacks, 1, kNoUpperLimit, "callbacks waiting for an agent"},
    LimitField{"queued_tasks", &Limits::queuedTasks, 1, kNoUpperLimit, "tasks waiting for an agent"},
    LimitField{"new_contacts_per_address_per_minute", &Limits::newContactsPerAddressPerMinute, 1, kNoUpperLimit,
               "chats, callbacks and tasks created from one client address in a minute"},
    LimitField{"connections_per_address", &Limits::connectionsPerAddress, 1, kNoUpperLimit,
               "open connections from one client address, per door"},
    LimitField{"refusals_per_address_per_minute", &Limits::refusalsPerAddressPerMinute, 1, kNoUpperLimit,
               "refused requests from one client address in a minute before its requests are slowed down"},
    LimitField{"bosh_unauthenticated_sessions", &Limits::boshUnauthenticatedSessions, 1, kNoUpperLimit,
               "BOSH sessions not yet logged in"},
    LimitField{"bosh_unauthenticated_sessions_per_address", &Limits::boshUnauthenticatedSessionsPerAddress, 1,
               kNoUpperLimit, "BOSH sessions not yet logged in, from one client address"},
    LimitField{"subscriptions_per_user", &Limits::subscriptionsPerUser, 1, kNoUpperLimit,
               "pubsub subscriptions of one user"},
    LimitField{"room_history_stanzas", &Limits::roomHistoryStanzas, 0, 100000,
               "chat room history sent to a joining agent, at most"},
    LimitField{"login_failures_before_delay", &Limits::loginFailuresBeforeDelay, 1, 1000,
               "failed logins per address or user name before they are slowed down"},
    LimitField{"login_delay_max_ms", &Limits::loginDelayMaxMs, 1000, 3600000,
               "the longest wait imposed after failed logins"},
    LimitField{"mr_pending_tasks", &Limits::mrPendingTasks, 1, kNoUpperLimit,
               "contacts waiting to be sent to the MR PG"},
    LimitField{"mr_outbox_bytes", &Limits::mrOutboxBytes, 4096, 1073741824,
               "bytes the MR PG has not read before the link is closed"},
    LimitField{"mr_connections", &Limits::mrConnections, 1, 1000, "connections to the MR port at once"},
    LimitField{"mr_write_stall_ms", &Limits::mrWriteStallMs, 100, 3600000,
               "milliseconds a write to the MR PG may stay unfinished before the link is closed"},
    LimitField{"search_max_count", &Limits::searchMaxCount, 1, 10000, "contacts in one page of search results"},
    LimitField{"search_transcript_chars", &Limits::searchTranscriptChars, 100, 10000000,
               "transcript characters of one chat in search results; the rest is left out"},
    LimitField{"searches_per_user_per_minute", &Limits::searchesPerUserPerMinute, 1, kNoUpperLimit,
               "contact searches by one user in a minute"},
};

}  // namespace smfront::config
