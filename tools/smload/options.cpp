#include "options.hpp"

#include <charconv>
#include <iostream>
#include <limits>
#include <string_view>

namespace smload {

const char* const kUsage =
    "usage: smload create    --port P --chats N [--feed F] [--connections C] --cookies-out FILE\n"
    "       smload chat-hold --port P (--chats N [--feed F] | --cookies FILE) [--interval-ms 2000]\n"
    "                        [--duration-s 60] [--connections 500] [--eventid 1]\n"
    "       smload callback  --port P --rate R [--feed F] [--duration-s 60] [--connections 500]\n"
    "                        [--poll-interval-ms 100] [--deadline-s 30]\n"
    "                        [--kind callback|task] [--sent-log FILE]\n"
    "common: [--host 127.0.0.1] [--timeout-ms 10000] [--source-addresses N]\n"
    "create makes N chats on chat feed F (POST /ccp/chat) and writes their JSESSIONID cookies.\n"
    "chat-hold makes N chats (or takes the cookies from FILE) and has each poll\n"
    "GET /ccp/chat?eventid=E once per interval, staggered evenly, for the duration, over a pool\n"
    "of C keep-alive connections.\n"
    "callback creates R callbacks a second on callback feed F (POST /ccp/callback/feed/F) for the\n"
    "duration, open loop, and polls each (GET /ccp/callback/contact/<id>) every interval until it\n"
    "is handled or the deadline after the last create passes, over C keep-alive connections.\n"
    "With --kind task it creates tasks (GET /ccp/task/feed/F?...) instead; --poll-interval-ms 0\n"
    "polls nothing; --sent-log writes \"<contact id> <seconds>\" per created contact, the time its\n"
    "create was sent on the host's monotonic clock (to match another process's log).\n"
    "On loopback, connection i comes from 127.0.0.(1 + i % N), as N customers would; the default\n"
    "is one address per connection, up to 250 (--source-addresses 1: all from 127.0.0.1).\n"
    "Each mode prints one JSON summary line on stdout.\n";

namespace {

constexpr std::uint64_t kMaxCallbacks = 10000000;  // smload keeps a record of each

template <class T>
bool number(std::string_view flag, std::string_view text, T& out, T min, T max) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    std::cerr << "smload: " << flag << " must be a number from " << min << " to " << max << " (got \"" << text << "\")\n";
    return false;
  }
  out = value;
  return true;
}

}  // namespace

std::optional<Options> parseOptions(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return std::nullopt;
  }
  Options o;
  const std::string_view mode = argv[1];
  if (mode == "create") {
    o.mode = Mode::Create;
  } else if (mode == "chat-hold") {
    o.mode = Mode::ChatHold;
  } else if (mode == "callback") {
    o.mode = Mode::Callback;
  } else {
    std::cerr << "smload: unknown mode \"" << mode << "\"\n" << kUsage;
    return std::nullopt;
  }
  constexpr auto u64max = std::numeric_limits<std::uint64_t>::max();
  for (int i = 2; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (i + 1 >= argc) {
      std::cerr << "smload: " << flag << " needs a value\n" << kUsage;
      return std::nullopt;
    }
    const std::string_view value = argv[++i];
    bool ok = true;
    if (flag == "--host") {
      o.host = value;
    } else if (flag == "--port") {
      ok = number<std::uint16_t>(flag, value, o.port, 1, 65535);
    } else if (flag == "--chats" && o.mode != Mode::Callback) {
      ok = number<std::uint64_t>(flag, value, o.chats, 1, 10000000);
    } else if (flag == "--feed") {
      ok = number<std::int64_t>(flag, value, o.feed, 1, std::numeric_limits<std::int64_t>::max());
    } else if (flag == "--connections") {
      ok = number<std::uint32_t>(flag, value, o.connections, 1, 1000000);
    } else if (flag == "--source-addresses") {
      ok = number<std::uint32_t>(flag, value, o.sourceAddresses, 1, 250);
    } else if (flag == "--cookies" && o.mode == Mode::ChatHold) {
      o.cookiesIn = value;
    } else if (flag == "--cookies-out" && o.mode == Mode::Create) {
      o.cookiesOut = value;
    } else if (flag == "--interval-ms" && o.mode == Mode::ChatHold) {
      ok = number<std::uint64_t>(flag, value, o.intervalMs, 1, 3600000);
    } else if (flag == "--duration-s" && o.mode != Mode::Create) {
      ok = number<std::uint64_t>(flag, value, o.durationS, 1, 86400);
    } else if (flag == "--rate" && o.mode == Mode::Callback) {
      ok = number<std::uint64_t>(flag, value, o.rate, 1, 1000000);
    } else if (flag == "--poll-interval-ms" && o.mode == Mode::Callback) {
      ok = number<std::uint64_t>(flag, value, o.pollIntervalMs, 0, 3600000);
    } else if (flag == "--sent-log" && o.mode == Mode::Callback) {
      o.sentLog = value;
    } else if (flag == "--kind" && o.mode == Mode::Callback && (value == "task" || value == "callback")) {
      o.tasks = value == "task";
    } else if (flag == "--deadline-s" && o.mode == Mode::Callback) {
      ok = number<std::uint64_t>(flag, value, o.deadlineS, 0, 86400);
    } else if (flag == "--eventid" && o.mode == Mode::ChatHold) {
      ok = number<std::int64_t>(flag, value, o.eventId, 0, std::numeric_limits<std::int64_t>::max());
    } else if (flag == "--timeout-ms") {
      ok = number<std::uint64_t>(flag, value, o.timeoutMs, 1, u64max / 1000000);
    } else {
      std::cerr << "smload: unknown flag " << flag << " for " << mode << "\n" << kUsage;
      return std::nullopt;
    }
    if (!ok) return std::nullopt;
  }
  const char* problem = nullptr;
  if (o.port == 0) {
    problem = "--port is required";
  } else if (o.mode == Mode::Create && (o.chats == 0 || o.cookiesOut.empty())) {
    problem = "create needs --chats and --cookies-out";
  } else if (o.mode == Mode::ChatHold && (o.chats == 0) == o.cookiesIn.empty()) {
    problem = "chat-hold needs either --chats or --cookies";
  } else if (o.mode == Mode::Callback && o.rate == 0) {
    problem = "callback needs --rate";
  } else if (o.mode == Mode::Callback && o.rate * o.durationS > kMaxCallbacks) {
    problem = "callback: --rate times --duration-s may be at most 10000000 callbacks";
  }
  if (problem != nullptr) {
    std::cerr << "smload: " << problem << "\n" << kUsage;
    return std::nullopt;
  }
  return o;
}

}  // namespace smload
