#pragma once
// Lab virtual agents: accounts that take chats the way a person at an agent
// console would (claim, join after a moment, greet, answer), through the same
// core services. Off unless configured.
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/chat_service.hpp"
#include "core/router.hpp"

namespace smfront::core {

struct VirtualAgentSpec {
  std::string name;  // the agent's user name: the router's, statusUserId, the room's account
  std::string nick;  // shown in rooms and transcripts ("Vera"); empty: the name
  std::chrono::milliseconds joinAfter{1000};
  std::string greeting;
  std::string mode = "echo";  // echo: answers every message with "You said: <text>"
  std::chrono::milliseconds handleTime{5000};  // how long a callback or task takes
};

class VirtualAgents {
 public:
  /// Logs every agent in with the router and subscribes on `coreExecutor`;
  /// everything runs on the core strand.
  VirtualAgents(std::vector<VirtualAgentSpec> agents, ChatService& chats, ContactBook& contacts,
                InternalRouter& router, Bus& bus, Timers& timers, Executor coreExecutor);

  std::size_t count() const { return agents_.size(); }

  /// After a restart: picks up what the agents held. Live chats of theirs are
  /// theirs again (joined now if the join was still due), and callbacks and
  /// tasks they held get a fresh handle time.
  void resume();

 private:
  struct Agent {
    VirtualAgentSpec spec;
    std::size_t activeChats = 0;
  };
  void onEvent(const Event& event);
  void takeChat(const Contact& contact);
  /// A chat reserved for one of the agents by someone else (the MR router).
  void joinRouted(const Contact& contact);
  void joinLater(const std::string& contactId, std::size_t index);
  void answer(const std::string& contactId, const ChatEvent& message);
  void handleAssigned(const Contact& contact);

  std::vector<Agent> agents_;
  ChatService& chats_;
  ContactBook& contacts_;
  Timers& timers_;
  std::map<std::string, std::size_t> assigned_;  // contact id -> agent index
  std::map<std::string, std::vector<TimerHandle>> pending_;  // per chat, cancelled when it ends
  Bus::Subscription subscription_;
};

}  // namespace smfront::core
