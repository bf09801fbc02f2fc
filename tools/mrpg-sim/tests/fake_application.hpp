#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mr/link.hpp"
#include "support/unique_fd.hpp"

namespace smfront::mrpgsim::testing {

/// What the fake application saw, copied out of the session's events (whose views die with
/// the next frame).
struct SeenEvent {
  std::string kind;  // "opened", "routing", "accepted", "queued", "routed", "ended", "too-late", "closed", ...
  std::uint32_t dialogueId = 0;
  std::string label;
  mr::ErrorCode code = mr::ErrorCode::NoError;
  mr::DialogueEnd how = mr::DialogueEnd::Failed;
  std::optional<std::uint32_t> ewt;
  bool available = false;
  std::optional<mr::CloseReason> reason;
};

/// The application end of the MR link on a plain blocking socket, built on protocols/mr: what
/// smfront's door does, without smfront. Everything waits on the socket with a deadline.
class FakeApplication {
 public:
  /// @brief Listens on 127.0.0.1 on a port the OS picks.
  FakeApplication();

  int port() const noexcept { return port_; }

  /// @brief Accepts the next connection (dropping the current one); false at the deadline.
  bool accept(std::chrono::milliseconds deadline);
  /// @brief Reads, answers and ticks until @p done() holds; false when the deadline passes or
  /// the peer goes away first.
  bool runUntil(const std::function<bool()>& done, std::chrono::milliseconds deadline);
  /// @brief runUntil an event of @p kind has been seen since the last clearSeen().
  const SeenEvent* waitFor(const std::string& kind, std::chrono::milliseconds deadline);

  /// @brief NEW_TASK through the session, written at once.
  std::uint32_t startTask(mr::NewTask& task);
  bool cancelTask(std::uint32_t dialogueId);
  /// @brief Drops the TCP connection without CLOSE_REQ.
  void dropConnection();

  mr::Session& session() { return link_->session(); }
  bool connected() const noexcept { return conn_.valid(); }
  const std::vector<SeenEvent>& seen() const noexcept { return seen_; }
  const std::vector<mr::MessageType>& received() const noexcept { return received_; }
  std::size_t count(mr::MessageType type) const;
  void clearSeen() { seen_.clear(); }

 private:
  void record();
  void writeOutbox();

  smfront::testing::UniqueFd listener_;
  smfront::testing::UniqueFd conn_;
  int port_ = 0;
  std::optional<mr::Link> link_;
  std::vector<SeenEvent> seen_;
  std::vector<mr::MessageType> received_;
};

}  // namespace smfront::mrpgsim::testing
