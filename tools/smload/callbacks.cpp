#include "callbacks.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <queue>
#include <string_view>
#include <vector>

#include "pool.hpp"

namespace smload {

namespace {

std::string hostHeader(const Options& o) { return o.host + ":" + std::to_string(o.port); }

std::string createRequest(const Options& o, std::uint64_t n) {
  if (o.tasks) {
    return "GET /ccp/task/feed/" + std::to_string(o.feed) + "?name=Bench&title=Bench+task+" + std::to_string(n) +
           "&scriptSelector=TaskDN HTTP/1.1\r\nHost: " + hostHeader(o) + "\r\n\r\n";
  }
  const std::string body = "<Contact><name>Bench caller " + std::to_string(n) + "</name><title>Bench callback " +
                           std::to_string(n) + "</title><mediaAddress>" + std::to_string(5550000000 + n) +
                           "</mediaAddress></Contact>";
  return "POST /ccp/callback/feed/" + std::to_string(o.feed) + " HTTP/1.1\r\nHost: " + hostHeader(o) +
         "\r\nContent-Type: application/xml\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// The path of an absolute or relative Location: "http://h:p/ccp/..." -> "/ccp/...".
std::string pathOf(std::string_view location) {
  if (const auto scheme = location.find("://"); scheme != std::string_view::npos) {
    const auto slash = location.find('/', scheme + 3);
    return slash == std::string_view::npos ? std::string() : std::string(location.substr(slash));
  }
  return location.starts_with('/') ? std::string(location) : std::string();
}

// The text of the first <name>…</name> in an XML body; empty when absent.
std::string_view elementText(std::string_view body, std::string_view name) {
  const std::string open = "<" + std::string(name) + ">";
  const std::string close = "</" + std::string(name) + ">";
  const auto start = body.find(open);
  if (start == std::string_view::npos) return {};
  const auto from = start + open.size();
  const auto end = body.find(close, from);
  return end == std::string_view::npos ? std::string_view{} : body.substr(from, end - from);
}

std::uint64_t micros(Clock::duration d) {
  return static_cast<std::uint64_t>(std::max<std::int64_t>(0, std::chrono::duration_cast<std::chrono::microseconds>(d).count()));
}

// Tags tell the two kinds of request apart: create n is 2n, a poll of callback n is 2n+1.
constexpr std::uint64_t createTag(std::uint64_t n) { return n << 1; }
constexpr std::uint64_t pollTag(std::uint64_t n) { return (n << 1) | 1; }

struct Callback {
  enum class State { Unmade, Made, Polling, Handled, Lost };  // Made: created, not polled
  State state = State::Unmade;
  std::string pollRequest;   // GET of its status resource, once made
  Clock::time_point sentAt;  // when its create was sent
  Clock::time_point nextDue; // when its next poll is due
};

struct DuePoll {
  Clock::time_point at;
  std::uint64_t callback;
  bool operator>(const DuePoll& other) const { return at > other.at; }
};

class CallbackLoad {
 public:
  CallbackLoad(const sockaddr_in& server, const Options& o)
      : o_(o),
        pool_(server, o.connections, std::chrono::milliseconds(o.timeoutMs), o.sourceAddresses),
        total_(o.rate * o.durationS),
        interval_(std::chrono::milliseconds(o.pollIntervalMs)),
        callbacks_(total_) {
    r_.createsDue = total_;
  }

  ~CallbackLoad() {
    if (sentLog_ != nullptr) std::fclose(sentLog_);
  }

  CallbackResult run() {
    if (!o_.sentLog.empty()) {
      sentLog_ = std::fopen(o_.sentLog.c_str(), "w");
      if (sentLog_ == nullptr) note("cannot write " + o_.sentLog);
    }
    start_ = Clock::now();
    lastAnswer_ = start_;
    const auto end = start_ + std::chrono::seconds(o_.durationS);
    const auto deadline = end + std::chrono::seconds(o_.deadlineS);
    std::vector<Done> done;
    for (;;) {
      const auto now = Clock::now();
      if (now >= deadline) break;
      sendDue(now);
      if (nextCreate_ == total_ && polls_.empty() && pool_.inFlight() == 0) break;
      // Sleep until the next request is due, or until an answer frees a
      // connection when every one is busy; at least every 100 ms, so that the
      // pool notices requests past their timeout.
      auto wakeAt = std::min(deadline, now + std::chrono::milliseconds(100));
      if (pool_.hasIdle()) {
        if (nextCreate_ < total_) wakeAt = std::min(wakeAt, createDue(nextCreate_));
        if (!polls_.empty()) wakeAt = std::min(wakeAt, polls_.top().at);
      }
      done.clear();
      pool_.wait(wakeAt - now, done);
      for (const Done& d : done) {
        if (d.tag & 1) {
          pollEnded(d);
        } else {
          createEnded(d);
        }
      }
    }
    finish();
    return std::move(r_);
  }

 private:
  Clock::time_point createDue(std::uint64_t n) const {
    const auto ns = static_cast<std::int64_t>(n / o_.rate) * 1000000000 +
                    static_cast<std::int64_t>(n % o_.rate) * 1000000000 / static_cast<std::int64_t>(o_.rate);
    return start_ + std::chrono::duration_cast<Clock::duration>(std::chrono::nanoseconds(ns));
  }

  // Sends what is due, oldest first, while a connection is free.
  void sendDue(Clock::time_point now) {
    while (pool_.hasIdle()) {
      const bool createReady = nextCreate_ < total_ && createDue(nextCreate_) <= now;
      const bool pollReady = !polls_.empty() && polls_.top().at <= now;
      if (!createReady && !pollReady) return;
      if (createReady && (!pollReady || createDue(nextCreate_) <= polls_.top().at)) {
        const std::uint64_t n = nextCreate_++;
        pool_.send(createRequest(o_, n), createTag(n));
        r_.lag.record(micros(Clock::now() - createDue(n)));
        ++r_.createsSent;
      } else {
        const DuePoll due = polls_.top();
        polls_.pop();
        pool_.send(callbacks_[due.callback].pollRequest, pollTag(due.callback));
        r_.lag.record(micros(Clock::now() - due.at));
        ++r_.pollsSent;
      }
    }
  }

  void note(const std::string& failure) {
    if (r_.firstFailure.empty()) r_.firstFailure = failure;
  }

  void schedulePoll(std::uint64_t n, Clock::time_point at) {
    callbacks_[n].nextDue = at;
    polls_.push({at, n});
  }

  void createEnded(const Done& d) {
    const std::uint64_t n = d.tag >> 1;
    if (!d.answered) {
      ++r_.createTransportErrors;
      note("create: " + d.failure);
      return;
    }
    ++r_.createsAnswered;
    lastAnswer_ = d.doneAt;
    r_.createLatency.record(micros(d.doneAt - d.sentAt));
    ++r_.createStatuses[d.response.status];
    if (d.response.status != 201) {
      note("create: status " + std::to_string(d.response.status));
      return;
    }
    const std::string path = pathOf(d.response.location);
    if (path.empty()) {
      note("create: 201 without a usable Location (\"" + d.response.location + "\")");
      return;
    }
    Callback& c = callbacks_[n];
    c.state = Callback::State::Polling;
    c.pollRequest = "GET " + path + " HTTP/1.1\r\nHost: " + hostHeader(o_) + "\r\n\r\n";
    c.sentAt = d.sentAt;
    ++r_.created;
    if (sentLog_ != nullptr) {
      // steady_clock is CLOCK_MONOTONIC: the same clock as mrpg-sim --mono-time.
      std::fprintf(sentLog_, "%s %.6f\n", path.substr(path.rfind('/') + 1).c_str(),
                   std::chrono::duration<double>(d.sentAt.time_since_epoch()).count());
    }
    if (interval_.count() == 0) {
      c.state = Callback::State::Made;
      return;
    }
    schedulePoll(n, d.doneAt + interval_);
  }

  // Polls keep a fixed cadence from the first one; one that falls behind is
  // sent as soon as a connection is free, and the lag shows it.
  void pollEnded(const Done& d) {
    const std::uint64_t n = d.tag >> 1;
    Callback& c = callbacks_[n];
    if (!d.answered) {
      ++r_.pollTransportErrors;
      note("poll: " + d.failure);
      schedulePoll(n, c.nextDue + interval_);
      return;
    }
    ++r_.pollsAnswered;
    lastAnswer_ = d.doneAt;
    r_.pollLatency.record(micros(d.doneAt - d.sentAt));
    ++r_.pollStatuses[d.response.status];
    if (d.response.status == 404) {
      c.state = Callback::State::Lost;
      ++r_.lost;
      note("poll: 404 for a callback not yet handled");
      return;
    }
    if (d.response.status != 200) {
      note("poll: status " + std::to_string(d.response.status));
      schedulePoll(n, c.nextDue + interval_);
      return;
    }
    const std::string_view status = elementText(d.response.body, "status");
    ++r_.pollReports[status.empty() ? std::string("(none)") : std::string(status)];
    if (status == "handled") {
      c.state = Callback::State::Handled;
      ++r_.handled;
      r_.handledAfter.record(micros(d.doneAt - c.sentAt));
      return;
    }
    schedulePoll(n, c.nextDue + interval_);
  }

  void finish() {
    r_.unanswered = pool_.inFlight();
    r_.unsent = total_ - nextCreate_;
    r_.reconnects = pool_.reconnects();
    r_.seconds = std::chrono::duration<double>(lastAnswer_ - start_).count();
    r_.unfinished = static_cast<std::uint64_t>(std::count_if(
        callbacks_.begin(), callbacks_.end(), [](const Callback& c) { return c.state == Callback::State::Polling; }));
  }

  const Options& o_;
  Pool pool_;
  const std::uint64_t total_;
  const Clock::duration interval_;
  std::vector<Callback> callbacks_;  // by create number
  std::priority_queue<DuePoll, std::vector<DuePoll>, std::greater<>> polls_;
  std::uint64_t nextCreate_ = 0;
  Clock::time_point start_;
  Clock::time_point lastAnswer_;
  CallbackResult r_;
  std::FILE* sentLog_ = nullptr;
};

}  // namespace

CallbackResult runCallbacks(const sockaddr_in& server, const Options& options) {
  return CallbackLoad(server, options).run();
}

}  // namespace smload
