// The kernel's floor for a BOSH fan-out on this machine: N loopback TCP connections,
// each with a request held; at "publish" one thread writes an HTTP answer of the size
// smfront sends on every connection while another thread, the client, reads them
// and sends its next poll at once, as a BOSH client does. No HTTP or XML parsing, no
// allocation per delivery: what is left is the system calls and the TCP stack, the
// least any server and client on these cores pay for one delivery.
//
//   boshfloor [--connections 10000] [--items 5] [--answer-bytes 900] [--poll-bytes 400]
// The client is a child process, as boshload is (one process could not hold both ends
// of 10,000 connections under the usual 20,000-descriptor limit).
// Prints one JSON line: per-delivery latency p50/p99/max and the time until all N.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

void check(bool ok, const char* what) {
  if (!ok) {
    std::perror(what);
    std::exit(1);
  }
}

void setNonBlocking(int fd) { check(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0, "fcntl"); }

// Reads whatever is there; returns how many bytes (0 when nothing was waiting).
std::size_t drain(int fd, char* buf, std::size_t size) {
  std::size_t total = 0;
  for (;;) {
    const ssize_t n = ::read(fd, buf, size);
    if (n <= 0) return total;
    total += static_cast<std::size_t>(n);
  }
}

// An epoll set watching every socket of @p fds for input, each tagged with its index.
int watchAll(const std::vector<int>& fds) {
  const int ep = epoll_create1(0);
  check(ep >= 0, "epoll_create1");
  for (std::size_t i = 0; i < fds.size(); ++i) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = i;
    check(epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &ev) == 0, "epoll_ctl");
  }
  return ep;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1));
  return v[i];
}

}  // namespace

// What the two processes share: the publish time, how many answers arrived, and
// the client's latencies, written where the server can read them at the end.
struct Shared {
  std::atomic<std::int64_t> publishedNs{0};
  std::atomic<std::size_t> received{0};
  std::atomic<bool> ready{false};
  std::atomic<bool> stop{false};
  std::size_t count = 0;
  double latencies[1];  // really `items * connections`
};

std::int64_t nowNs() { return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count(); }

int main(int argc, char** argv) {
  std::size_t connections = 10000, items = 5, answerBytes = 900, pollBytes = 400;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    const std::size_t v = std::strtoul(argv[i + 1], nullptr, 10);
    if (a == "--connections") connections = v;
    else if (a == "--items") items = v;
    else if (a == "--answer-bytes") answerBytes = v;
    else if (a == "--poll-bytes") pollBytes = v;
    else {
      std::fprintf(stderr, "usage: boshfloor [--connections N] [--items K] [--answer-bytes B] [--poll-bytes B]\n");
      return 2;
    }
  }
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  lim.rlim_cur = std::min<rlim_t>(lim.rlim_max, connections + 100);
  setrlimit(RLIMIT_NOFILE, &lim);

  const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  check(listener >= 0, "socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  check(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0, "bind");
  socklen_t len = sizeof addr;
  check(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) == 0, "getsockname");
  check(::listen(listener, 4096) == 0, "listen");

  const std::size_t sharedBytes = sizeof(Shared) + items * connections * sizeof(double);
  void* mem = mmap(nullptr, sharedBytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  check(mem != MAP_FAILED, "mmap");
  auto* shared = new (mem) Shared;
  const int one = 1;

  const pid_t child = fork();
  check(child >= 0, "fork");
  if (child == 0) {
    // The client: reads each answer, stamps it, sends the next poll at once.
    close(listener);
    std::vector<int> fds;
    for (std::size_t i = 0; i < connections; ++i) {
      const int c = ::socket(AF_INET, SOCK_STREAM, 0);
      check(c >= 0, "socket");
      check(::connect(c, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0, "connect");
      setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      setNonBlocking(c);
      fds.push_back(c);
    }
    const int ep = watchAll(fds);
    shared->ready.store(true);
    const std::string poll(pollBytes, 'p');
    std::vector<epoll_event> events(512);
    std::vector<char> buf(64 * 1024);
    std::vector<std::size_t> got(connections, 0);
    while (!shared->stop.load()) {
      const int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 50);
      for (int e = 0; e < n; ++e) {
        const std::size_t i = events[e].data.u64;
        got[i] += drain(fds[i], buf.data(), buf.size());
        if (got[i] < answerBytes) continue;
        got[i] -= answerBytes;
        if (shared->count < items * connections)
          shared->latencies[shared->count++] = static_cast<double>(nowNs() - shared->publishedNs.load()) / 1e6;
        shared->received.fetch_add(1);
        (void)!::write(fds[i], poll.data(), poll.size());
      }
    }
    _exit(0);
  }

  // The server: at each item, one answer on every connection, then reads the polls.
  std::vector<int> fds;
  for (std::size_t i = 0; i < connections; ++i) {
    const int s = ::accept(listener, nullptr, nullptr);
    check(s >= 0, "accept");
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setNonBlocking(s);
    fds.push_back(s);
  }
  while (!shared->ready.load()) {
    check(waitpid(child, nullptr, WNOHANG) == 0, "the client process ended before it was ready");
    usleep(1000);
  }
  const int ep = watchAll(fds);
  const std::string answer(answerBytes, 'a');
  std::vector<epoll_event> events(512);
  std::vector<char> buf(64 * 1024);
  std::vector<double> toAll;
  for (std::size_t k = 1; k <= items; ++k) {
    shared->received.store(0);
    const std::int64_t published = nowNs();
    shared->publishedNs.store(published);
    for (const int s : fds) (void)!::write(s, answer.data(), answer.size());
    std::size_t polls = 0;
    while (polls < connections) {
      const int n = epoll_wait(ep, events.data(), static_cast<int>(events.size()), 1000);
      for (int e = 0; e < n; ++e) {
        if (drain(fds[events[e].data.u64], buf.data(), buf.size()) > 0) ++polls;
      }
      if (n == 0) break;
    }
    while (shared->received.load() < connections) {
      check(waitpid(child, nullptr, WNOHANG) == 0, "the client process ended during the fan-out");
      usleep(100);
    }
    toAll.push_back(static_cast<double>(nowNs() - published) / 1e6);
    usleep(200 * 1000);
  }
  shared->stop.store(true);
  waitpid(child, nullptr, 0);
  std::vector<double> deliveries(shared->latencies, shared->latencies + shared->count);
  std::printf("{\"connections\":%zu,\"items\":%zu,\"answer_bytes\":%zu,\"poll_bytes\":%zu,\"p50_ms\":%.2f,\"p99_ms\":%.2f,"
              "\"max_ms\":%.2f,\"all_p50_ms\":%.2f}\n",
              connections, items, answerBytes, pollBytes, percentile(deliveries, 50), percentile(deliveries, 99),
              percentile(deliveries, 100), percentile(toAll, 50));
  return 0;
}
