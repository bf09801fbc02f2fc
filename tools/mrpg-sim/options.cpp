#include "options.hpp"

#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <sstream>

namespace smfront::mrpgsim {

namespace {

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

template <class T>
std::optional<T> parseNumber(const std::string& text) {
  T value{};
  int base = 10;
  const char* begin = text.data();
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    begin += 2;
    base = 16;
  }
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(begin, end, value, base);
  if (ec != std::errc() || ptr != end || begin == end) return std::nullopt;
  return value;
}

std::optional<double> parseRate(const std::string& text) {
  try {
    std::size_t used = 0;
    const double p = std::stod(text, &used);
    if (used != text.size() || !(p >= 0 && p <= 1)) return std::nullopt;
    return p;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

[[noreturn]] void bad(const std::string& option, const std::string& value, const std::string& what) {
  throw UsageError(option + ": " + what + " (got \"" + value + "\")");
}

}  // namespace

std::optional<Duration> parseDuration(const std::string& text) {
  std::size_t unitAt = text.find_first_not_of("0123456789.");
  const std::string number = text.substr(0, unitAt);
  const std::string unit = unitAt == std::string::npos ? "" : text.substr(unitAt);
  if (number.empty()) return std::nullopt;
  double value = 0;
  try {
    std::size_t used = 0;
    value = std::stod(number, &used);
    if (used != number.size()) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  double ms = 0;
  if (unit.empty() || unit == "s") ms = value * 1000;
  else if (unit == "ms") ms = value;
  else if (unit == "m") ms = value * 60000;
  else return std::nullopt;
  return Duration(static_cast<Duration::rep>(std::llround(ms)));
}

std::string usage() {
  return R"(usage: mrpg-sim [options]
Plays the CCE Media Routing PG (MR PIM): connects to the application, opens the MR session,
heartbeats, and answers NEW_TASK from an agent pool. One JSON line per message on stdout.

link
  --app host:port        application to connect to; repeat for side B (tried in turn)
                         (default 127.0.0.1:38001)
  --tls [--ca file]      TLS on the same port; --ca verifies the application's certificate
  --reconnect D          wait between connection attempts (default 10s)
  --version N            OPEN_REQ VersionNumber (default 1)
  --idle N               OPEN_REQ IdleTimeout in seconds (default 20)
  --peripheral-id N      OPEN_REQ PeripheralID (default 5000)
  --heartbeat D          HEARTBEAT_REQ interval (default 5s); 3 unanswered drop the link
  --float 2+2|1+1        floating field width (default 2+2)
routing
  --agents a,b           agent pool, Label = name, ICMAgentID = 5000 + index (default mary,john)
  --handle-time D        an agent is busy this long after a DO_THIS_WITH_TASK (default 60s)
  --mrd 1,2,3            MRDomainIDs accepted (default 1,2,3)
  --selectors a,b        script selectors accepted (default: any)
  --delay D              NEW_TASK_CONF to DO_THIS_WITH_TASK (default 500ms)
  --delay-range A-B      random delay in [A, B] instead, e.g. 200ms-2s
  --ewt N                EstimatedWaitTime of queued tasks (default position x handle time)
  --no-queue             no free agent: DIALOGUE_FAILURE_EVENT E_ROUTING_NOT_AVAILABLE
failure injection
  --fail-rate P          share of tasks ended with DIALOGUE_FAILURE_EVENT --fail-code
  --fail-code C          code for --fail-rate and --reject-rate, a number or a name such as
                         E_NO_SCRIPT (default E_TASK_ABANDONED_IN_ROUTER)
  --reject-rate P        share of NEW_TASKs rejected at once with DIALOGUE_FAILURE_CONF
  --drop-after N         close the TCP connection after N messages (in + out) on each link
  --silent-after D       stop heartbeats D after start
  --routing-down S:D     ROUTING_STATUS_EVENT 0 at S after start, 1 again D later
  --garbage-rate P       share of sent messages preceded by a malformed frame
other
  --seed N               random seed (default 1)
  --once                 exit when the first link ends instead of reconnecting
  --mono-time            "t" of each line is the host's monotonic clock (CLOCK_MONOTONIC,
                         seconds) instead of the time since start, to line up with other
                         processes' clocks
  -h, --help
Durations: 10 (seconds), 1.5, 500ms, 2s, 1m. Stdin commands: free <agent>, routing 0|1, close.
SIGTERM/SIGINT/close: CLOSE_REQ, then exit 0 once CLOSE_CONF arrives.
)";
}

Parsed parseOptions(const std::vector<std::string>& args) {
  Parsed parsed;
  Options& o = parsed.options;
  bool appSeen = false;

  using Setter = std::function<void(const std::string& option, const std::string& value)>;
  const auto duration = [](Duration& target) {
    return Setter([&target](const std::string& option, const std::string& value) {
      const auto d = parseDuration(value);
      if (!d) bad(option, value, "must be a duration such as 10, 1.5, 500ms or 2s");
      target = *d;
    });
  };
  const auto u32 = [](std::uint32_t& target) {
    return Setter([&target](const std::string& option, const std::string& value) {
      const auto n = parseNumber<std::uint32_t>(value);
      if (!n) bad(option, value, "must be an unsigned 32-bit number");
      target = *n;
    });
  };
  const auto rate = [](double& target) {
    return Setter([&target](const std::string& option, const std::string& value) {
      const auto p = parseRate(value);
      if (!p) bad(option, value, "must be a probability between 0 and 1");
      target = *p;
    });
  };

  const std::map<std::string, Setter> withValue = {
      {"--app",
       [&](const std::string& option, const std::string& value) {
         const auto colon = value.rfind(':');
         if (colon == std::string::npos || colon == 0 || !parseNumber<std::uint16_t>(value.substr(colon + 1))) {
           bad(option, value, "must be host:port");
         }
         if (!appSeen) o.apps.clear();
         appSeen = true;
         std::string host = value.substr(0, colon);
         if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
         o.apps.push_back({host, value.substr(colon + 1)});
       }},
      {"--ca", [&](const std::string&, const std::string& value) { o.caFile = value; }},
      {"--reconnect", duration(o.reconnect)},
      {"--version", u32(o.version)},
      {"--idle", u32(o.idleSeconds)},
      {"--peripheral-id", u32(o.peripheralId)},
      {"--heartbeat", duration(o.heartbeat)},
      {"--float",
       [&](const std::string& option, const std::string& value) {
         if (value == "2+2" || value == "2") o.floatWidth = mr::FloatWidth::TwoTwo;
         else if (value == "1+1" || value == "1") o.floatWidth = mr::FloatWidth::OneOne;
         else bad(option, value, "must be 2+2 or 1+1");
       }},
      {"--agents",
       [&](const std::string& option, const std::string& value) {
         o.agents = splitList(value);
         if (o.agents.empty()) bad(option, value, "must name at least one agent");
         for (const auto& a : o.agents) {
           if (a.size() > 40) bad(option, a, "agent names hold at most 40 characters");
         }
       }},
      {"--handle-time", duration(o.handleTime)},
      {"--mrd",
       [&](const std::string& option, const std::string& value) {
         o.mrds.clear();
         for (const auto& item : splitList(value)) {
           const auto n = parseNumber<std::uint32_t>(item);
           if (!n) bad(option, value, "must be a list of numbers");
           o.mrds.push_back(*n);
         }
       }},
      {"--selectors", [&](const std::string&, const std::string& value) { o.selectors = splitList(value); }},
      {"--delay",
       [&](const std::string& option, const std::string& value) {
         duration(o.delayMin)(option, value);
         o.delayMax = o.delayMin;
       }},
      {"--delay-range",
       [&](const std::string& option, const std::string& value) {
         const auto dash = value.find('-');
         const auto lo = dash == std::string::npos ? std::nullopt : parseDuration(value.substr(0, dash));
         const auto hi = dash == std::string::npos ? std::nullopt : parseDuration(value.substr(dash + 1));
         if (!lo || !hi || *lo > *hi) bad(option, value, "must be A-B with A <= B, e.g. 200ms-2s");
         o.delayMin = *lo;
         o.delayMax = *hi;
       }},
      {"--ewt",
       [&](const std::string& option, const std::string& value) {
         std::uint32_t n = 0;
         u32(n)(option, value);
         o.ewtSeconds = n;
       }},
      {"--fail-rate", rate(o.failRate)},
      {"--fail-code",
       [&](const std::string& option, const std::string& value) {
         if (const auto* named = mr::findError(value)) {
           o.failCode = named->code;
         } else if (const auto n = parseNumber<std::uint32_t>(value)) {
           o.failCode = static_cast<mr::ErrorCode>(*n);
         } else {
           bad(option, value, "must be an error code number or name such as E_NO_SCRIPT");
         }
       }},
      {"--reject-rate", rate(o.rejectRate)},
      {"--drop-after",
       [&](const std::string& option, const std::string& value) {
         const auto n = parseNumber<std::uint64_t>(value);
         if (!n || *n == 0) bad(option, value, "must be a positive number of messages");
         o.dropAfter = *n;
       }},
      {"--silent-after",
       [&](const std::string& option, const std::string& value) {
         Duration d{};
         duration(d)(option, value);
         o.silentAfter = d;
       }},
      {"--routing-down",
       [&](const std::string& option, const std::string& value) {
         const auto colon = value.find(':');
         const auto at = colon == std::string::npos ? std::nullopt : parseDuration(value.substr(0, colon));
         const auto length = colon == std::string::npos ? std::nullopt : parseDuration(value.substr(colon + 1));
         if (!at || !length) bad(option, value, "must be S:D, e.g. 30:10");
         o.routingDownAt = *at;
         o.routingDownFor = *length;
       }},
      {"--garbage-rate", rate(o.garbageRate)},
      {"--seed",
       [&](const std::string& option, const std::string& value) {
         const auto n = parseNumber<std::uint64_t>(value);
         if (!n) bad(option, value, "must be a number");
         o.seed = *n;
       }},
  };
  const std::map<std::string, std::function<void()>> flags = {
      {"--tls", [&] { o.tls = true; }},
      {"--no-queue", [&] { o.noQueue = true; }},
      {"--once", [&] { o.once = true; }},
      {"--mono-time", [&] { o.monoTime = true; }},
      {"--help", [&] { parsed.help = true; }},
      {"-h", [&] { parsed.help = true; }},
  };

  o.apps = {{"127.0.0.1", std::to_string(mr::kDefaultPort)}};
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string option = args[i];
    std::optional<std::string> value;
    if (const auto eq = option.find('='); option.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = option.substr(eq + 1);
      option = option.substr(0, eq);
    }
    if (const auto flag = flags.find(option); flag != flags.end()) {
      if (value) throw UsageError(option + ": takes no value");
      flag->second();
      continue;
    }
    const auto setter = withValue.find(option);
    if (setter == withValue.end()) throw UsageError("unknown option " + option + " (see --help)");
    if (!value) {
      if (i + 1 >= args.size()) throw UsageError(option + ": needs a value");
      value = args[++i];
    }
    setter->second(option, *value);
  }
  if (!o.caFile.empty() && !o.tls) throw UsageError("--ca: only with --tls");
  return parsed;
}

}  // namespace smfront::mrpgsim
