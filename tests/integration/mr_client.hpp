#pragma once
// What the MR integration tests drive: mrpg-sim as a child whose JSON lines are
// read as they come, and smfront's public task API and status.
#include <boost/json/object.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "support/http_client.hpp"
#include "support/process.hpp"

namespace smfront::testing {

/// The text between the first `open` and the next `close`; empty when absent.
std::string textBetween(const std::string& text, const std::string& open, const std::string& close);
/// The last path segment: a status path's contact id.
std::string idOf(const std::string& path);

/// A server routing through CCE (`routing: "mr"`) with a callback feed (100000), a task feed
/// (100001) and the admin user; `mr` is its mr section, `more` further top-level members
/// (limits, virtual_agents, ...).
boost::json::object mrConfig(boost::json::object mr = {}, boost::json::object more = {});

// mrpg-sim connected to an MR port; its JSON lines are read as they come.
class Simulator {
 public:
  Simulator(int mrPort, std::vector<std::string> args);

  SmfrontProcess& process() { return *process_; }

  /// Reads lines until one satisfies `match` (true) or the deadline passes (false).
  template <class Match>
  bool waitFor(Match match, std::chrono::milliseconds deadline = std::chrono::seconds(10));
  bool waitForOpened();
  /// Waits for the n-th message of `type` in direction `dir` counted over all lines read.
  bool waitForCount(const std::string& dir, const std::string& type, std::size_t n,
                    std::chrono::milliseconds deadline = std::chrono::seconds(10));
  std::size_t count(const std::string& dir, const std::string& type) const;
  /// Contact ids of the NEW_TASKs received, in order.
  std::vector<std::string> newTaskContacts() const;
  const std::vector<boost::json::object>& lines() const { return lines_; }

  static bool is(const boost::json::object& o, const std::string& dir, const std::string& type);

 private:
  /// One more line within `left`, parsed and kept; false when none came.
  bool readOne(std::chrono::milliseconds left);

  std::unique_ptr<SmfrontProcess> process_;
  std::vector<boost::json::object> lines_;
};

// smfront's HTTP door: callbacks on feed 100000, tasks on feed 100001.
class Api {
 public:
  explicit Api(int port) : port_(port) {}

  HttpResponse call(const std::string& method, const std::string& target, const std::string& body = {},
                    HeaderList headers = {});
  /// Creates a callback (feed 100000) and returns its status path.
  std::string callback(const std::string& name = "Pat");
  /// Creates a task (feed 100001) with `selector` and returns its status path.
  std::string task(const std::string& selector = "TaskDN");
  std::string field(const std::string& path, const std::string& name);
  std::string status(const std::string& path) { return field(path, "status"); }
  /// The admin view (admin:secret) of a contact, by status path or contact id.
  std::string contact(const std::string& path);
  boost::json::object mrStatus();

 private:
  int port_;
};

template <class Match>
bool Simulator::waitFor(Match match, std::chrono::milliseconds deadline) {
  const auto end = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
    if (left <= std::chrono::milliseconds(0) || !readOne(left)) return false;
    if (match(lines_.back())) return true;
  }
}

}  // namespace smfront::testing
