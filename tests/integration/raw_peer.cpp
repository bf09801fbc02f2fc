#include "raw_peer.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

namespace smfront::testing {

namespace {

using Clock = std::chrono::steady_clock;

int msLeft(Clock::time_point end) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

// Waits until `fd` has input (or its end) by `end`; false when the time ran out
// or poll failed.
bool readableBy(int fd, Clock::time_point end) {
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, msLeft(end));
    if (ready > 0) return true;
    if (ready == 0 || errno != EINTR) return false;
  }
}

}  // namespace

RawPeer::RawPeer(int port, const std::string& source, int receiveBuffer) {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return;
  if (receiveBuffer > 0) ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
  sockaddr_in from{};
  from.sin_family = AF_INET;
  ::inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) return;
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) return;
  fd_ = std::move(fd);
}

RawPeer::Sent RawPeer::sendSome(std::string_view bytes, std::chrono::milliseconds deadline) {
  Sent sent;
  const auto end = Clock::now() + deadline;
  while (sent.bytes < bytes.size()) {
    pollfd p{fd_.get(), POLLOUT, 0};
    const int ready = ::poll(&p, 1, msLeft(end));
    if (ready == 0) break;  // the server stopped reading
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0 || (p.revents & (POLLERR | POLLHUP)) != 0) {
      sent.closed = true;
      break;
    }
    const auto n = ::send(fd_.get(), bytes.data() + sent.bytes, bytes.size() - sent.bytes, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      sent.closed = true;  // EPIPE, ECONNRESET
      break;
    }
    sent.bytes += static_cast<std::size_t>(n);
  }
  return sent;
}

bool RawPeer::readAtLeast(std::size_t bytes, std::chrono::milliseconds deadline) {
  const auto end = Clock::now() + deadline;
  char buffer[4096];
  while (received_.size() < bytes) {
    if (!readableBy(fd_.get(), end)) return false;
    const auto n = ::recv(fd_.get(), buffer, sizeof buffer, 0);
    if (n <= 0) return false;
    received_.append(buffer, static_cast<std::size_t>(n));
  }
  return true;
}

bool RawPeer::closedByServer(std::chrono::milliseconds deadline) {
  const auto end = Clock::now() + deadline;
  char buffer[65536];
  for (;;) {
    if (!readableBy(fd_.get(), end)) return false;
    const auto n = ::recv(fd_.get(), buffer, sizeof buffer, 0);
    if (n == 0 || (n < 0 && errno == ECONNRESET)) return true;
    if (n < 0 && errno != EINTR && errno != EAGAIN) return true;
  }
}

std::size_t residentKiB(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoul(line.substr(6));
  }
  return 0;
}

std::chrono::milliseconds cpuTime(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces) start after the last ')'.
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string field;
  unsigned long long user = 0, system = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14) user = std::stoull(field);
    if (i == 15) system = std::stoull(field);
  }
  const long ticks = ::sysconf(_SC_CLK_TCK);
  return std::chrono::milliseconds((user + system) * 1000 / static_cast<unsigned long long>(ticks));
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8), static_cast<char>(v)};
}

}  // namespace smfront::testing
