#pragma once
// Chat rooms on conference.<domain> (XEP-0045 subset, spec bosh-xmpp §6),
// each the XMPP face of one core chat: agents who join are occupants, the
// customer is a virtual occupant named by the chat's author. What agents do
// goes to the chat service; what the customer (or a lab virtual agent) does
// comes back from the bus as ChatActivity and is turned into stanzas here.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/chat_service.hpp"
#include "core/contact_book.hpp"
#include "core/events.hpp"
#include "eventing/room_history.hpp"
#include "eventing/session_sink.hpp"
#include "xml/element.hpp"
#include "xmpp/jid.hpp"

namespace smfront::eventing {

/// A bound client as a room sees it.
struct OccupantIdentity {
  SessionId session = 0;
  xmpp::Jid jid;  // full
  std::string account;
  bool admin = false;
};

class MucRooms {
 public:
  MucRooms(std::string service, core::ChatService& chats, core::ContactBook& contacts, const core::Clock& clock,
           SessionSink& sink, HistoryPolicy history = {});

  const std::string& service() const { return service_; }

  /// A presence or message addressed to a room (to = room or room/nick).
  void handle(const OccupantIdentity& from, const xml::Element& stanza, const xmpp::Jid& to);
  /// The client left every room: an unavailable presence, or its session is
  /// gone (@p vanished: the customer reads chat_issue first).
  void leaveAll(SessionId session, bool vanished);

  void onChatActivity(const core::ChatActivity& activity);
  void onChatEnded(const core::ChatEnded& ended);

  /// Room JIDs with at least one XMPP occupant.
  std::vector<std::string> occupiedRooms() const;
  /// The title of the chat behind @p room, if it is live.
  std::optional<std::string> titleOf(const std::string& room) const;

 private:
  struct Occupant {
    SessionId session = 0;
    std::string jid;  // full
  };
  struct Room {
    std::string contactId;
    std::map<std::string, Occupant, std::less<>> occupants;  // nick -> XMPP occupant
    std::set<std::string, std::less<>> xmppNicks;            // nicks ever used over XMPP here
  };

  void join(const OccupantIdentity& from, const xml::Element& presence, const std::string& room,
            const std::string& nick);
  void leave(const std::string& room, std::string nick, bool vanished, const xml::Element* request);
  void sendHistory(SessionId session, const std::string& room, const std::string& to,
                   const std::vector<core::TranscriptLine>& lines, const HistoryRequest& request);
  void groupchat(const OccupantIdentity& from, const xml::Element& message, const std::string& room);
  Room* roomOf(const std::string& room);
  const std::string* nickOf(const Room& room, SessionId session) const;

  void sendTo(SessionId session, const xml::Element& stanza);
  void broadcast(const Room& room, const xml::Element& stanza, SessionId except = 0);
  void offerToAll(const Room& room, const xml::Element& stanza);

  std::string service_;
  core::ChatService& chats_;
  core::ContactBook& contacts_;
  const core::Clock& clock_;
  SessionSink& sink_;
  HistoryPolicy history_;
  std::map<std::string, Room, std::less<>> rooms_;               // by bare room JID
  std::map<SessionId, std::set<std::string>> roomsOfSession_;    // to leave them all
};

}  // namespace smfront::eventing
