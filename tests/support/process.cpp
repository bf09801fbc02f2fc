#include "support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cerrno>
#include <cstring>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace smfront::testing {
namespace {

using Clock = std::chrono::steady_clock;

int encodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

int pollTimeout(Clock::time_point end) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(end - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 60 * 60 * 1000));
}

std::string errnoText(const std::string& what) { return what + ": " + std::strerror(errno); }

// pidfd_open makes a process exit something poll() can wait for. Older kernels lack
// it; the waits then fall back to re-checking waitpid().
UniqueFd openPidFd(pid_t pid) {
#ifdef SYS_pidfd_open
  const long fd = ::syscall(SYS_pidfd_open, pid, 0);
  if (fd >= 0) {
    ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
    return UniqueFd(static_cast<int>(fd));
  }
#else
  (void)pid;
#endif
  return {};
}

// Waits for pid to exit until end. Returns the encoded status, or -1 on timeout.
int waitPid(pid_t pid, int pidFd, Clock::time_point end) {
  for (;;) {
    int status = 0;
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return encodeStatus(status);
    if (r < 0 && errno != EINTR) throw std::runtime_error(errnoText("waitpid"));
    if (Clock::now() >= end) return -1;
    if (pidFd >= 0) {
      pollfd p{pidFd, POLLIN, 0};
      ::poll(&p, 1, pollTimeout(end));
    } else {
      // No pidfd: re-check interval, not an estimate of how long the exit takes.
      ::poll(nullptr, 0, std::min(pollTimeout(end), 5));
    }
  }
}

struct Pipe {
  UniqueFd read;
  UniqueFd write;
};

Pipe makePipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(errnoText("pipe2"));
  return {UniqueFd(fds[0]), UniqueFd(fds[1])};
}

struct SpawnSpec {
  std::vector<std::string> argv;
  std::vector<std::pair<std::string, std::string>> env;
  std::filesystem::path workDir;
  int stdoutFd = -1;
  int stderrFd = -1;
};

// fork + exec. Everything the child needs is prepared before fork(), because the
// test process has threads and the child may only make async-signal-safe calls.
// Exec failure comes back through a close-on-exec pipe so it is reported at once
// instead of as a start timeout.
pid_t spawnChild(const SpawnSpec& spec) {
  if (spec.argv.empty()) throw std::runtime_error("spawn: empty argv");
  std::vector<char*> argv;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  std::vector<std::string> envStrings;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    const std::string_view entry(*e);
    const auto name = entry.substr(0, entry.find('='));
    const bool overridden = std::any_of(spec.env.begin(), spec.env.end(),
                                        [&](const auto& kv) { return kv.first == name; });
    if (!overridden) envStrings.emplace_back(entry);
  }
  for (const auto& [k, v] : spec.env) envStrings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : envStrings) envp.push_back(e.data());
  envp.push_back(nullptr);

  const std::string workDir = spec.workDir.string();
  UniqueFd devNull(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  if (!devNull.valid()) throw std::runtime_error(errnoText("open /dev/null"));
  Pipe execError = makePipe();
  sigset_t noSignals;
  sigemptyset(&noSignals);
  const pid_t parent = ::getpid();

  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(errnoText("fork"));
  if (pid == 0) {
    auto fail = [&](int stage) {
      const int err[2] = {stage, errno};
      [[maybe_unused]] auto n = ::write(execError.write.get(), err, sizeof err);
      ::_exit(127);
    };
    if (::dup2(devNull.get(), 0) < 0) fail(1);
    if (spec.stdoutFd >= 0 && ::dup2(spec.stdoutFd, 1) < 0) fail(1);
    if (spec.stderrFd >= 0 && ::dup2(spec.stderrFd, 2) < 0) fail(1);
    if (!workDir.empty() && ::chdir(workDir.c_str()) != 0) fail(2);
    // The test process ignores SIGPIPE (see HttpClient) and ignored signals survive
    // exec; the child must start with the dispositions it would normally have.
    ::signal(SIGPIPE, SIG_DFL);
    ::sigprocmask(SIG_SETMASK, &noSignals, nullptr);
#ifdef __linux__
    // A crashed or killed test run must not leave servers holding ports.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(127);
#else
    (void)parent;
#endif
    ::execve(argv[0], argv.data(), envp.data());
    fail(3);
  }

  execError.write.reset();
  int err[2] = {0, 0};
  ssize_t n;
  do {
    n = ::read(execError.read.get(), err, sizeof err);
  } while (n < 0 && errno == EINTR);
  if (n > 0) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    static constexpr std::array stages = {"", "redirect", "chdir", "exec"};
    throw std::runtime_error(std::string("cannot start ") + spec.argv[0] + ": " +
                             stages[static_cast<std::size_t>(std::clamp(err[0], 0, 3))] + ": " +
                             std::strerror(err[1]));
  }
  return pid;
}

std::string lastLines(const std::string& text, std::size_t count) {
  std::size_t pos = text.size();
  if (pos > 0 && text[pos - 1] == '\n') --pos;
  for (std::size_t found = 0; pos > 0; --pos) {
    if (text[pos - 1] == '\n' && ++found == count) break;
  }
  return text.substr(pos);
}

}  // namespace

std::string smfrontBinary() { return SMFRONT_BINARY; }
std::string mrpgSimBinary() { return MRPG_SIM_BINARY_PATH; }
std::filesystem::path sourceDir() { return SMFRONT_SOURCE_DIR; }

int runProgram(const std::vector<std::string>& argv, std::chrono::milliseconds deadline,
               std::string* output, const std::filesystem::path& workDir) {
  const auto end = Clock::now() + deadline;
  Pipe out = makePipe();
  SpawnSpec spec{argv, {}, workDir, out.write.get(), out.write.get()};
  const pid_t pid = spawnChild(spec);
  UniqueFd pidFd = openPidFd(pid);
  out.write.reset();

  // Read until EOF (every writer gone) or the deadline, then collect the status.
  std::array<char, 8192> buf{};
  bool timedOut = false;
  for (;;) {
    pollfd p{out.read.get(), POLLIN, 0};
    const int r = ::poll(&p, 1, pollTimeout(end));
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) {
      timedOut = true;
      break;
    }
    const ssize_t n = ::read(out.read.get(), buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    if (output != nullptr) output->append(buf.data(), static_cast<std::size_t>(n));
  }
  const int status = timedOut ? -1 : waitPid(pid, pidFd.get(), end);
  if (status == -1) {
    ::kill(pid, SIGKILL);
    int ignored = 0;
    ::waitpid(pid, &ignored, 0);
  }
  return status;
}

int runAndWait(const std::vector<std::string>& args, std::chrono::milliseconds deadline,
               std::string* output) {
  std::vector<std::string> argv{smfrontBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return runProgram(argv, deadline, output);
}

SmfrontProcess::SmfrontProcess(Options options)
    : options_(std::move(options)), dir_("smfront-proc") {}

SmfrontProcess::~SmfrontProcess() {
  if (pid_ > 0 && !exitStatus_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    exitStatus_ = encodeStatus(status);
  }
  stopReader();
}

void SmfrontProcess::spawn() {
  if (pid_ > 0) throw std::runtime_error("SmfrontProcess: already started");
  std::vector<std::string> argv{options_.binary.empty() ? smfrontBinary() : options_.binary};
  if (!options_.configJson.empty()) {
    writeFile(configPath(), options_.configJson);
    argv.push_back("--config");
    argv.push_back(configPath().string());
  }
  argv.insert(argv.end(), options_.extraArgs.begin(), options_.extraArgs.end());

  UniqueFd log(::open(stderrPath().c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (!log.valid()) throw std::runtime_error(errnoText("open " + stderrPath().string()));
  Pipe out = makePipe();
  Pipe wake = makePipe();

  pid_ = spawnChild({argv, options_.env, dir_.path(), out.write.get(), log.get()});
  pidFd_ = openPidFd(pid_);
  stdoutFd_ = std::move(out.read);
  wakeRead_ = std::move(wake.read);
  wakeWrite_ = std::move(wake.write);
  reader_ = std::thread([this] { readStdout(); });
}

void SmfrontProcess::readStdout() {
  std::string partial;
  std::array<char, 8192> buf{};
  for (;;) {
    std::array<pollfd, 2> p{{{stdoutFd_.get(), POLLIN, 0}, {wakeRead_.get(), POLLIN, 0}}};
    if (::poll(p.data(), p.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (p[1].revents != 0) return;  // stopReader(): the process object is going away
    const ssize_t n = ::read(stdoutFd_.get(), buf.data(), buf.size());
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    std::lock_guard lock(mutex_);
    if (n <= 0) {
      if (!partial.empty()) lines_.push_back(std::move(partial));
      stdoutClosed_ = true;
      lineReady_.notify_all();
      return;
    }
    partial.append(buf.data(), static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t nl; (nl = partial.find('\n', start)) != std::string::npos; start = nl + 1) {
      std::size_t len = nl - start;
      if (len > 0 && partial[start + len - 1] == '\r') --len;
      lines_.push_back(partial.substr(start, len));
    }
    partial.erase(0, start);
    lineReady_.notify_all();
  }
  std::lock_guard lock(mutex_);
  stdoutClosed_ = true;
  lineReady_.notify_all();
}

void SmfrontProcess::stopReader() {
  if (!reader_.joinable()) return;
  const char byte = 0;
  [[maybe_unused]] auto n = ::write(wakeWrite_.get(), &byte, 1);
  reader_.join();
}

std::optional<std::string> SmfrontProcess::readStdoutLineUntil(Clock::time_point end) {
  std::unique_lock lock(mutex_);
  lineReady_.wait_until(lock, end, [&] { return !lines_.empty() || stdoutClosed_; });
  if (lines_.empty()) return std::nullopt;
  std::string line = std::move(lines_.front());
  lines_.pop_front();
  return line;
}

std::optional<std::string> SmfrontProcess::readStdoutLine(std::chrono::milliseconds deadline) {
  return readStdoutLineUntil(Clock::now() + deadline);
}

bool SmfrontProcess::stdoutClosed() const {
  std::lock_guard lock(mutex_);
  return stdoutClosed_ && lines_.empty();
}

void SmfrontProcess::start() {
  spawn();
  const auto end = Clock::now() + options_.startDeadline;
  while (auto line = readStdoutLineUntil(end)) {
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(*line, ec);
    const auto* obj = ec ? nullptr : v.if_object();
    const auto* event = obj != nullptr ? obj->if_contains("event") : nullptr;
    if (event != nullptr && event->is_string() && event->get_string() == "listening") {
      for (const auto& [key, value] : *obj) {
        if (value.is_int64()) ports_[std::string(key)] = static_cast<int>(value.get_int64());
        if (value.is_uint64()) ports_[std::string(key)] = static_cast<int>(value.get_uint64());
      }
      return;
    }
    std::lock_guard lock(mutex_);
    seenLines_.push_back(std::move(*line));
    if (seenLines_.size() > 20) seenLines_.pop_front();
  }

  std::ostringstream why;
  why << "smfront (" << (options_.binary.empty() ? smfrontBinary() : options_.binary) << ", pid "
      << pid_ << ") did not report listening: ";
  if (stdoutClosed()) {
    // Closing stdout usually means exiting; give the exit a moment to be reaped.
    const int status = waitForExitUntil(std::max(end, Clock::now() + std::chrono::seconds(2)));
    if (status >= 0) {
      why << "it exited with status " << status;
    } else {
      why << "it closed stdout but is still running";
    }
  } else {
    why << "no listening line within " << options_.startDeadline.count() << " ms";
    if (!running()) why << "; it exited with status " << *exitStatus_;
  }
  why << diagnostics();
  throw std::runtime_error(why.str());
}

std::string SmfrontProcess::diagnostics() const {
  std::ostringstream out;
  {
    std::lock_guard lock(mutex_);
    if (!seenLines_.empty()) {
      out << "\n--- other stdout lines ---\n";
      for (const auto& l : seenLines_) out << l << '\n';
    }
  }
  out << "\n--- last 40 lines of " << stderrPath().string() << " ---\n" << stderrTail(40);
  return out.str();
}

int SmfrontProcess::port(std::string_view door) const {
  if (const auto it = ports_.find(door); it != ports_.end()) return it->second;
  std::string present;
  for (const auto& [name, p] : ports_) present += (present.empty() ? "" : ", ") + name;
  throw std::runtime_error("smfront reported no port for door \"" + std::string(door) +
                           "\" (doors: " + (present.empty() ? "none" : present) + ")");
}

bool SmfrontProcess::hasPort(std::string_view door) const { return ports_.contains(door); }

bool SmfrontProcess::tryReap() {
  if (exitStatus_) return true;
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    exitStatus_ = encodeStatus(status);
    return true;
  }
  return false;
}

bool SmfrontProcess::running() { return pid_ > 0 && !tryReap(); }

int SmfrontProcess::waitForExitUntil(Clock::time_point end) {
  if (pid_ <= 0) throw std::runtime_error("SmfrontProcess: not started");
  if (!exitStatus_) {
    const int status = waitPid(pid_, pidFd_.get(), end);
    if (status < 0) return -1;
    exitStatus_ = status;
  }
  return *exitStatus_;
}

int SmfrontProcess::waitForExit(std::chrono::milliseconds deadline) {
  return waitForExitUntil(Clock::now() + deadline);
}

int SmfrontProcess::signalAndWait(int sig, std::chrono::milliseconds deadline) {
  const auto end = Clock::now() + deadline;
  // Never signal a pid that was already reaped: it may belong to someone else now.
  if (running()) ::kill(pid_, sig);
  return waitForExitUntil(end);
}

std::string SmfrontProcess::stderrLog() const { return readFile(stderrPath()); }

std::string SmfrontProcess::stderrTail(std::size_t lines) const {
  return lastLines(stderrLog(), lines);
}

}  // namespace smfront::testing
