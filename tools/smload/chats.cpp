#include "chats.hpp"

#include <algorithm>
#include <chrono>
#include <deque>

#include "pool.hpp"

namespace smload {

namespace {

std::string hostHeader(const Options& o) { return o.host + ":" + std::to_string(o.port); }

std::string createRequest(const Options& o, std::uint64_t n) {
  const std::string body = "<SocialContact><feedRefURL>http://" + hostHeader(o) + "/ccp-webapp/ccp/feed/" +
                           std::to_string(o.feed) + "</feedRefURL><author>Bench guest " + std::to_string(n) +
                           "</author><title>Bench chat " + std::to_string(n) + "</title></SocialContact>";
  return "POST /ccp/chat HTTP/1.1\r\nHost: " + hostHeader(o) +
         "\r\nContent-Type: application/xml\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

std::uint64_t micros(Clock::duration d) {
  return static_cast<std::uint64_t>(std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::microseconds>(d).count()));
}

double secondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

CreateResult createChats(const sockaddr_in& server, const Options& o) {
  CreateResult result;
  result.cookies.reserve(o.chats);
  Pool pool(server, std::min<std::uint64_t>(o.connections, o.chats), std::chrono::milliseconds(o.timeoutMs),
            o.sourceAddresses);
  const auto start = Clock::now();
  std::uint64_t next = 0;
  std::uint64_t finished = 0;
  std::vector<Done> done;
  while (finished < o.chats) {
    while (next < o.chats && pool.hasIdle()) {
      pool.send(createRequest(o, next), next);
      ++next;
    }
    done.clear();
    pool.wait(std::chrono::milliseconds(100), done);
    for (const Done& d : done) {
      ++finished;
      if (d.answered && d.response.status == 201 && !d.response.sessionCookie.empty()) {
        result.cookies.push_back(d.response.sessionCookie);
        continue;
      }
      ++result.failed;
      if (d.answered) ++result.statuses[d.response.status];
      if (result.firstFailure.empty()) {
        result.firstFailure = d.answered ? "status " + std::to_string(d.response.status) + (d.response.status == 201 ? " without a JSESSIONID cookie" : "")
                                         : d.failure;
      }
    }
  }
  result.seconds = secondsSince(start);
  return result;
}

HoldResult holdChats(const sockaddr_in& server, const Options& o, const std::vector<std::string>& cookies) {
  HoldResult result;
  const std::string prefix = "GET /ccp/chat?eventid=" + std::to_string(o.eventId) + " HTTP/1.1\r\nHost: " +
                             hostHeader(o) + "\r\nCookie: JSESSIONID=";
  Pool pool(server, o.connections, std::chrono::milliseconds(o.timeoutMs), o.sourceAddresses);

  // Poll s belongs to chat s mod N and is due at start + s * interval / N:
  // every chat polls once per interval and the polls are spread evenly, as
  // independent browsers would be, rather than arriving in bursts.
  const auto n = static_cast<std::int64_t>(cookies.size());
  const std::int64_t intervalNs = static_cast<std::int64_t>(o.intervalMs) * 1000000;
  const auto start = Clock::now();
  const auto end = start + std::chrono::seconds(o.durationS);
  const auto drainEnd = end + std::chrono::milliseconds(o.timeoutMs);
  const auto dueAt = [&](std::int64_t s) {
    return start + std::chrono::duration_cast<Clock::duration>(std::chrono::nanoseconds(intervalNs / n * s + intervalNs % n * s / n));
  };

  struct Due {
    std::int64_t poll;
    Clock::time_point at;
  };
  std::deque<Due> waiting;  // due, but every connection was busy
  std::int64_t nextPoll = 0;
  std::vector<Done> done;
  for (;;) {
    const auto now = Clock::now();
    if (now < end) {
      for (auto at = dueAt(nextPoll); at <= now; at = dueAt(++nextPoll)) waiting.push_back({nextPoll, at});
    }
    while (!waiting.empty() && pool.hasIdle()) {
      const Due d = waiting.front();
      waiting.pop_front();
      const auto chat = static_cast<std::size_t>(d.poll % n);
      pool.send(prefix + cookies[chat] + "\r\n\r\n", static_cast<std::uint64_t>(d.poll));
      result.lag.record(micros(Clock::now() - d.at));
      ++result.sent;
    }
    if (now >= end && pool.inFlight() == 0) break;
    if (now >= drainEnd) break;
    // Sleep until the next poll is due, or until an answer frees a connection.
    const auto wakeAt = now < end ? std::min(dueAt(nextPoll), end) : drainEnd;
    done.clear();
    pool.wait(wakeAt - now, done);
    for (const Done& d : done) {
      if (!d.answered) {
        ++result.transportErrors;
        if (result.firstFailure.empty()) result.firstFailure = d.failure;
        continue;
      }
      ++result.statuses[d.response.status];
      if (d.response.status == 200) {
        ++result.ok;
      } else if (result.firstFailure.empty()) {
        result.firstFailure = "status " + std::to_string(d.response.status);
      }
      result.latency.record(micros(d.doneAt - d.sentAt));
    }
  }
  result.unanswered = pool.inFlight();
  result.unsent = waiting.size();
  result.reconnects = pool.reconnects();
  result.seconds = std::chrono::duration<double>(std::min(Clock::now(), end) - start).count();
  return result;
}

}  // namespace smload
