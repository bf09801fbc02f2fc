#pragma once

// The callback load: web callbacks created at a steady rate, open loop, each
// then polled at a fixed interval until an agent has handled it.

#include <netinet/in.h>

#include <cstdint>
#include <map>
#include <string>

#include "histogram.hpp"
#include "options.hpp"

namespace smload {

struct CallbackResult {
  // POST /ccp/callback/feed/<id>
  std::uint64_t createsDue = 0;  // rate * duration
  std::uint64_t createsSent = 0;
  std::uint64_t createsAnswered = 0;
  std::map<int, std::uint64_t> createStatuses;
  std::uint64_t createTransportErrors = 0;
  Histogram createLatency;  // send to complete answer

  // GET /ccp/callback/contact/<id>
  std::uint64_t pollsSent = 0;
  std::uint64_t pollsAnswered = 0;
  std::map<int, std::uint64_t> pollStatuses;
  std::map<std::string, std::uint64_t> pollReports;  // <status> of the 200 answers
  std::uint64_t pollTransportErrors = 0;
  Histogram pollLatency;

  // Both kinds.
  Histogram lag;                    // due time to send: how far the client fell behind its schedule
  std::uint64_t unanswered = 0;     // in flight when the deadline passed
  std::uint64_t unsent = 0;         // creates never sent before the deadline
  std::uint64_t reconnects = 0;
  double seconds = 0;               // from the first due create to the last answer

  // What became of the callbacks made (201 with a Location).
  std::uint64_t created = 0;
  std::uint64_t handled = 0;     // a poll said handled
  std::uint64_t lost = 0;        // a poll answered 404: the status resource is gone
  std::uint64_t unfinished = 0;  // neither by the deadline
  Histogram handledAfter;        // create sent to the answer that first said handled

  std::string firstFailure;
};

CallbackResult runCallbacks(const sockaddr_in& server, const Options& options);

}  // namespace smload
