#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "support/temp_dir.hpp"
#include "support/unique_fd.hpp"

namespace smfront::testing {

// The smfront binary under test and the source tree, as the build names them.
std::string smfrontBinary();
// The MR PG simulator (tools/mrpg-sim) of the same build.
std::string mrpgSimBinary();
std::filesystem::path sourceDir();

// Runs argv[0] (a path; PATH is not searched) with argv to completion, with stdout and
// stderr both captured into *output when output is not null. Returns the exit status
// encoded like a shell does (exit code, or 128 + signal), or -1 when the deadline
// passes first, in which case the program is killed with SIGKILL and reaped.
// Throws std::runtime_error when the program cannot be started at all.
int runProgram(const std::vector<std::string>& argv, std::chrono::milliseconds deadline,
               std::string* output, const std::filesystem::path& workDir = {});

// runProgram() for the smfront binary: args are its arguments, e.g. {"--print-config"}.
int runAndWait(const std::vector<std::string>& args, std::chrono::milliseconds deadline,
               std::string* output);

// Every field has an initializer so designated initializers may name only some of
// them without -Wmissing-field-initializers warnings.
struct SmfrontOptions {
  // Written to <workDir>/smfront.json and passed as --config; empty means no --config.
  std::string configJson{};
  std::vector<std::string> extraArgs{};
  // How long start() waits for the "listening" line before failing.
  std::chrono::milliseconds startDeadline{10000};
  // Set in the child's environment on top of the inherited one.
  std::vector<std::pair<std::string, std::string>> env{};
  // Empty means smfrontBinary().
  std::string binary{};
};

// One running smfront. The child runs in workDir() (a fresh TempDir), so relative paths
// in its config land there and never in the source tree; its stderr goes to
// workDir()/stderr.log and its stdout is read line by line.
//
//   SmfrontProcess smfront({.configJson = R"({"http":{"port":0}})"});
//   smfront.start();                       // throws with exit status + stderr tail
//   client.connect(smfront.port("http"), 5s);
class SmfrontProcess {
 public:
  using Options = SmfrontOptions;

  explicit SmfrontProcess(Options options = {});
  // SIGKILLs the child (by its pid) if it is still running, and reaps it.
  ~SmfrontProcess();
  SmfrontProcess(const SmfrontProcess&) = delete;
  SmfrontProcess& operator=(const SmfrontProcess&) = delete;

  // Spawns the child and waits for its {"event":"listening",...} line on stdout.
  // Lines before it are skipped (and remembered for the failure message). Throws
  // std::runtime_error if the child exits, closes stdout or the deadline passes first;
  // the message holds the exit status and the last 40 lines of stderr.
  void start();
  // Only forks and execs, for tests that expect the child to fail or that wait on
  // stdout themselves. Throws std::runtime_error if exec fails.
  void spawn();

  // Port of a door from the listening line ("http", "https", "bosh", "boshs", "mr").
  // Throws std::runtime_error naming the doors present if this one is absent.
  int port(std::string_view door) const;
  bool hasPort(std::string_view door) const;
  const std::map<std::string, int, std::less<>>& ports() const { return ports_; }

  pid_t pid() const { return pid_; }
  // False once the child has exited (it is reaped then; the status is kept).
  bool running();
  // Sends sig (unless the child already exited) and waits for the exit. Returns the
  // status (exit code, or 128 + signal) or -1 if the deadline passes first.
  int signalAndWait(int sig, std::chrono::milliseconds deadline);
  // Waits for the child to exit on its own; same return values as signalAndWait().
  int waitForExit(std::chrono::milliseconds deadline);
  std::optional<int> exitStatus() const { return exitStatus_; }

  // Next stdout line (without the newline), or nullopt when the deadline passes or
  // stdout is closed (see stdoutClosed()). A reader thread drains stdout all the
  // time, so a chatty child never blocks on a full pipe when nobody reads.
  std::optional<std::string> readStdoutLine(std::chrono::milliseconds deadline);
  bool stdoutClosed() const;

  // The whole stderr log, and its last `lines` lines.
  std::string stderrLog() const;
  std::string stderrTail(std::size_t lines = 40) const;

  const std::filesystem::path& workDir() const { return dir_.path(); }
  std::filesystem::path configPath() const { return dir_.file("smfront.json"); }
  std::filesystem::path stderrPath() const { return dir_.file("stderr.log"); }

 private:
  using Clock = std::chrono::steady_clock;

  std::optional<std::string> readStdoutLineUntil(Clock::time_point end);
  int waitForExitUntil(Clock::time_point end);
  bool tryReap();
  void readStdout();
  void stopReader();
  std::string diagnostics() const;

  Options options_;
  TempDir dir_;
  pid_t pid_ = -1;
  UniqueFd pidFd_;  // readable when the child exits; lets waits block on the event
  std::optional<int> exitStatus_;
  std::map<std::string, int, std::less<>> ports_;

  UniqueFd stdoutFd_;
  UniqueFd wakeRead_;
  UniqueFd wakeWrite_;
  std::thread reader_;
  mutable std::mutex mutex_;
  std::condition_variable lineReady_;
  std::deque<std::string> lines_;      // read by the thread, not yet by the test
  std::deque<std::string> seenLines_;  // last lines start() skipped, for diagnostics
  bool stdoutClosed_ = false;
};

}  // namespace smfront::testing
