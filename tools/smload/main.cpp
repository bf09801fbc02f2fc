// smload: load for smfront's customer chat and callback APIs. See options.cpp for the
// command line; each run prints one JSON summary line on stdout so that
// scripts can read it, and diagnostics on stderr.
// Exit codes: 0 ran (the summary says how it went), 1 could not run, 2 bad usage.

#include <arpa/inet.h>
#include <sys/resource.h>

#include <exception>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "callback_summary.hpp"
#include "callbacks.hpp"
#include "chats.hpp"
#include "json.hpp"
#include "options.hpp"

namespace {

using namespace smload;

std::string createJson(const Options& o, const CreateResult& r) {
  const auto created = r.cookies.size();
  return "{\"chats\":" + std::to_string(o.chats) + ",\"created\":" + std::to_string(created) +
         ",\"failed\":" + std::to_string(r.failed) + ",\"failed_statuses\":" + statusesJson(r.statuses) +
         ",\"seconds\":" + fixed(r.seconds, 3) +
         ",\"rate_per_s\":" + fixed(r.seconds > 0 ? static_cast<double>(created) / r.seconds : 0, 1) +
         (r.firstFailure.empty() ? "" : ",\"first_failure\":\"" + escaped(r.firstFailure) + "\"") + "}";
}

std::string holdJson(const Options& o, std::size_t chats, const HoldResult& r) {
  const auto answered = r.latency.count();
  return "{\"chats\":" + std::to_string(chats) + ",\"connections\":" + std::to_string(o.connections) +
         ",\"interval_ms\":" + std::to_string(o.intervalMs) + ",\"duration_s\":" + std::to_string(o.durationS) +
         ",\"eventid\":" + std::to_string(o.eventId) + ",\"sent\":" + std::to_string(r.sent) +
         ",\"answered\":" + std::to_string(answered) + ",\"ok\":" + std::to_string(r.ok) +
         ",\"non_200\":" + std::to_string(answered - r.ok) + ",\"statuses\":" + statusesJson(r.statuses) +
         ",\"transport_errors\":" + std::to_string(r.transportErrors) +
         ",\"unanswered\":" + std::to_string(r.unanswered) + ",\"unsent\":" + std::to_string(r.unsent) +
         ",\"reconnects\":" + std::to_string(r.reconnects) +
         ",\"rate_per_s\":" + fixed(r.seconds > 0 ? static_cast<double>(answered) / r.seconds : 0, 1) +
         ",\"latency_ms\":" + percentilesJson(r.latency) + ",\"lag_ms\":" + percentilesJson(r.lag) +
         (r.firstFailure.empty() ? "" : ",\"first_failure\":\"" + escaped(r.firstFailure) + "\"") + "}";
}

std::vector<std::string> readCookies(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<std::string> cookies;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) cookies.push_back(line);
  }
  if (cookies.empty()) throw std::runtime_error("no cookies in " + path);
  return cookies;
}

void writeCookies(const std::string& path, const std::vector<std::string>& cookies) {
  std::ofstream out(path, std::ios::trunc);
  for (const auto& c : cookies) out << c << '\n';
  out.flush();
  if (!out) throw std::runtime_error("cannot write " + path);
}

// Each connection is a descriptor; say so plainly instead of failing halfway.
void checkDescriptors(std::uint64_t connections) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < connections + 16) {
    throw std::runtime_error("open-file limit " + std::to_string(limit.rlim_cur) + " is too low for " +
                             std::to_string(connections) + " connections: raise it with ulimit -n");
  }
}

int run(const Options& o) {
  sockaddr_in server{};
  server.sin_family = AF_INET;
  server.sin_port = htons(o.port);
  if (::inet_pton(AF_INET, o.host.c_str(), &server.sin_addr) != 1) {
    std::cerr << "smload: --host must be an IPv4 address (got \"" << o.host << "\")\n";
    return 2;
  }
  checkDescriptors(o.connections);
  if (o.mode == Mode::Callback) {
    std::cout << callbackJson(o, runCallbacks(server, o)) << std::endl;
    return 0;
  }

  std::vector<std::string> cookies;
  std::string created;
  if (o.mode == Mode::Create || o.cookiesIn.empty()) {
    const CreateResult r = createChats(server, o);
    created = createJson(o, r);
    if (o.mode == Mode::Create) {
      writeCookies(o.cookiesOut, r.cookies);
      std::cout << "{\"mode\":\"create\"," << created.substr(1) << std::endl;
      return 0;
    }
    if (r.failed > 0) {
      // Holding fewer chats than asked would measure something else.
      std::cout << "{\"mode\":\"chat-hold\",\"create\":" << created << "}" << std::endl;
      std::cerr << "smload: " << r.failed << " of " << o.chats << " chats could not be created: " << r.firstFailure << "\n";
      return 1;
    }
    cookies = r.cookies;
  } else {
    cookies = readCookies(o.cookiesIn);
  }
  const HoldResult r = holdChats(server, o, cookies);
  std::cout << "{\"mode\":\"chat-hold\"," << (created.empty() ? "" : "\"create\":" + created + ",")
            << holdJson(o, cookies.size(), r).substr(1) << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
    std::cout << smload::kUsage;
    return 0;
  }
  const auto options = smload::parseOptions(argc, argv);
  if (!options) return 2;
  try {
    return run(*options);
  } catch (const std::exception& e) {
    std::cerr << "smload: " << e.what() << "\n";
    return 1;
  }
}
