#pragma once
// The XMPP hub over real core services on manual time, with a sink that
// records what each session was sent, and the bus drained by hand.
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/chat_service.hpp"
#include "core/contact_book.hpp"
#include "core/router.hpp"
#include "eventing/stanzas.hpp"
#include "eventing/xmpp_hub.hpp"
#include "../../core/tests/manual_time.hpp"
#include "xml/parser.hpp"
#include "xmpp/base64.hpp"

namespace smfront::eventing::testing {

class RecordingSink final : public SessionSink {
 public:
  void send(SessionId session, std::string xml) override { sent[session].push_back(std::move(xml)); }
  void end(SessionId session, std::string streamError) override { ended[session] = std::move(streamError); }

  /// Everything @p session was sent since the last call, as one string.
  std::string take(SessionId session) {
    std::string out;
    for (auto& s : sent[session]) out += s;
    sent[session].clear();
    return out;
  }
  std::vector<std::string> takeEach(SessionId session) { return std::exchange(sent[session], {}); }

  std::map<SessionId, std::vector<std::string>> sent;
  std::map<SessionId, std::string> ended;
};

inline xml::Element parse(std::string_view text) {
  auto parsed = xml::parseDocument(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? parsed.value() : xml::Element();
}

class HubTest : public ::testing::Test {
 protected:
  HubTest() {
    core::Feed chat;
    chat.name = "Web chat";
    chat.type = core::FeedType::Chat;
    chatFeed_ = catalog_.createFeed(chat).value().id;
    subscription_ = bus_.subscribe([this](core::Task task) { queue_.push_back(std::move(task)); },
                                   [this](const core::Event& e) { hub_.onEvent(e); });
  }

  /// Delivers every bus event published so far.
  void pump() {
    while (!queue_.empty()) {
      auto task = std::move(queue_.front());
      queue_.pop_front();
      task();
    }
  }

  /// A session logged in with PLAIN as @p user, bound to @p resource, available.
  SessionId login(const std::string& user, const std::string& resource = "console", bool presence = true) {
    const SessionId id = nextId_++;
    hub_.open(id, "127.0.0.1", true);
    hub_.receive(id, parse("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" +
                           xmpp::base64Encode(std::string("\0", 1) + user + std::string("\0", 1) + "secret") +
                           "</auth>"));
    EXPECT_NE(sink_.take(id).find("<success"), std::string::npos);
    hub_.restart(id);
    sink_.take(id);
    hub_.receive(id, parse("<iq xmlns='jabber:client' type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                           "<resource>" + resource + "</resource></bind></iq>"));
    EXPECT_NE(sink_.take(id).find(user + "@localhost/" + resource), std::string::npos);
    if (presence) {
      hub_.receive(id, parse("<presence xmlns='jabber:client'/>"));
      sink_.take(id);
    }
    return id;
  }

  core::ChatCreated startChat(const std::string& author = "Pat") {
    core::NewChat request;
    request.feedId = chatFeed_;
    request.author = author;
    request.title = "Billing";
    auto created = chats_.create(request);
    EXPECT_TRUE(created.ok());
    return created.value();
  }

  std::string roomOf(const core::ChatCreated& chat) { return *chat.contact.extension("h_chatRoom"); }

  /// The customer's log as "kind from value" lines.
  std::vector<std::string> customerLog(const std::string& session) {
    std::vector<std::string> out;
    auto events = chats_.events(session, 0, true);
    if (!events) return {};
    for (const auto& e : events.value()) {
      const char* kind = e.kind == core::ChatEvent::Kind::Message    ? "message"
                         : e.kind == core::ChatEvent::Kind::Presence ? "presence"
                         : e.kind == core::ChatEvent::Kind::Typing   ? "typing"
                                                                     : "status";
      out.push_back(std::string(kind) + (e.from.empty() ? "" : " " + e.from) + " " + e.value);
    }
    return out;
  }

  core::testing::ManualTime time_;
  core::Bus bus_;
  core::Journal journal_;
  core::Catalog catalog_{journal_};
  core::ContactBook contacts_{bus_, time_, journal_};
  core::ChatService chats_{catalog_, contacts_, bus_, time_, time_, journal_, "localhost"};
  core::InternalRouter router_{contacts_, time_, journal_, core::RoutingOptions{}};
  UserDirectory users_{{{"mary", "secret", false, true}, {"boss", "secret", true, false}, {"joe", "secret", false, true},
                        {"guest", "secret", false, false}}};
  RecordingSink sink_;
  XmppHub hub_{HubOptions{.domain = "localhost",
                          .contactPayload =
                              [](const core::Contact& c) {
                                return "<SocialContact xmlns='http://jabber.org/protocol/pubsub'><id>" + c.id +
                                       "</id><status>" + std::string(core::toString(c.status)) +
                                       "</status></SocialContact>";
                              },
                          .unknownUserKey = "k"},
               HubServices{chats_, contacts_, catalog_, router_, time_}, users_, sink_};
  std::deque<core::Task> queue_;
  core::Bus::Subscription subscription_;
  std::int64_t chatFeed_ = 0;
  SessionId nextId_ = 1;
};

}  // namespace smfront::eventing::testing
