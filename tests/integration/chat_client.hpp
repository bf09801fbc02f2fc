#pragma once
// A chat widget's view of smfront: one HTTP connection and a cookie jar, and the
// calls a widget makes. Poll answers are parsed just enough to assert on.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "support/cookie_jar.hpp"
#include "support/http_client.hpp"
#include "support/wait.hpp"

namespace smfront::testing {

struct PolledEvent {
  std::string kind;  // MessageEvent, PresenceEvent, TypingEvent, StatusEvent
  long id = 0;
  std::string from;
  std::string value;  // body (decoded) or status
  std::string detail;
};

class ChatClient {
 public:
  explicit ChatClient(int port, std::string origin = {});

  /// Sends one request with the jar's cookies and keeps the answer's cookies.
  HttpResponse send(const std::string& method, const std::string& target, const std::string& body = {},
                    HeaderList headers = {});
  HttpResponse start(long feedId, const std::string& author, const std::string& title = "Question");
  /// Polls until `predicate` holds for the events seen so far, like a widget
  /// polling every `interval`; false when the deadline passes first.
  template <class Pred>
  bool pollUntil(Pred predicate, std::chrono::milliseconds deadline,
                 std::chrono::milliseconds interval = std::chrono::milliseconds(50));
  /// One poll from the last id seen; appends to events().
  HttpResponse poll(bool all = false);

  const std::vector<PolledEvent>& events() const { return events_; }
  bool sawEvent(const std::string& kind, const std::string& value) const;
  CookieJar& jar() { return jar_; }

 private:
  HttpClient http_;
  CookieJar jar_;
  std::string origin_;
  long lastId_ = 0;
  std::vector<PolledEvent> events_;
  int port_;
};

std::vector<PolledEvent> parseChatEvents(const std::string& xml);
/// Java URLEncoder's inverse: '+' is a space, %XX a byte.
std::string formDecode(const std::string& text);

template <class Pred>
bool ChatClient::pollUntil(Pred predicate, std::chrono::milliseconds deadline, std::chrono::milliseconds interval) {
  return waitUntil(
      [&] {
        poll();
        return predicate(events_);
      },
      deadline, interval);
}

}  // namespace smfront::testing
