#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "bosh/bodies.hpp"
#include "bosh/request.hpp"
#include "bosh/session.hpp"
#include "xml/parser.hpp"

namespace smfront::bosh::testing {

using namespace std::chrono_literals;

inline constexpr std::string_view kTestSid = "0123456789abcdef0123456789abcdef";
inline constexpr std::string_view kFeatures =
    "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism>"
    "</mechanisms></stream:features>";

/// @brief Parses @p text, failing the test when it is refused.
inline Request parseOrFail(std::string_view text) {
  ParsedRequest parsed = parseRequest(text);
  if (!parsed) {
    ADD_FAILURE() << "refused: " << parsed.rejection().detail << " in " << text;
    return Request();
  }
  return std::move(parsed).value();
}

/// @brief A <body/> with @p attributes and @p content.
inline std::string bodyText(std::string_view attributes, std::string_view content = {}) {
  std::string out = "<body xmlns='http://jabber.org/protocol/httpbind' xmlns:xmpp='urn:xmpp:xbosh' ";
  out += attributes;
  if (content.empty()) return out + "/>";
  return out + ">" + std::string(content) + "</body>";
}

/// @brief Parses a response body the session produced.
inline xml::Element parseBody(const std::string& text) {
  xml::ParseResult parsed = xml::parseDocument(text);
  if (!parsed) {
    ADD_FAILURE() << parsed.error().message << " in " << text;
    return xml::Element();
  }
  return std::move(parsed).value();
}

/// A session created at t0 with rid 1000 (so the next in-order rid is 1001), and helpers
/// that send requests through parseRequest like the door does.
class SessionTest : public ::testing::Test {
 protected:
  static constexpr std::uint64_t kFirstRid = 1000;

  void SetUp() override { create(); }

  void create(std::string_view extra = "wait='60' hold='1'", std::uint64_t rid = kFirstRid) {
    const Request request = parseOrFail(bodyText("rid='" + std::to_string(rid) + "' to='localhost' xmpp:version='1.0' "
                                                 "ver='1.6' " + std::string(extra)));
    Creation creation = Session::create(request, config, std::string(kTestSid), kFeatures, t0);
    ASSERT_TRUE(creation) << creation.body;
    creationBody = creation.body;
    session.emplace(std::move(*creation.session));
  }

  /// @brief Sends rid @p rid with @p attributes and @p content at time @p at on a fresh ticket.
  Outcome send(std::uint64_t rid, Time at, std::string_view attributes = {}, std::string_view content = {}) {
    lastTicket = ++tickets;
    std::string attrs = "rid='" + std::to_string(rid) + "' sid='" + std::string(kTestSid) + "' ";
    attrs += attributes;
    return session->onRequest(parseOrFail(bodyText(attrs, content)), lastTicket, at);
  }

  Time at(std::chrono::milliseconds offset) const { return t0 + offset; }

  SessionConfig config;
  Time t0 = Time{} + 10h;
  std::optional<Session> session;
  std::string creationBody;
  Ticket tickets = 0;
  Ticket lastTicket = 0;
};

/// @brief The only reply of @p out, failing the test when there is not exactly one.
inline Reply onlyReply(const Outcome& out) {
  if (out.replies.size() != 1) {
    ADD_FAILURE() << "expected one reply, got " << out.replies.size();
    return Reply{};
  }
  return out.replies.front();
}

inline std::string emptyBody() { return responseBody(); }

}  // namespace smfront::bosh::testing
