#include "bosh/bodies.hpp"

#include <gtest/gtest.h>

#include <string>

#include "bosh/namespaces.hpp"
#include "xml/parser.hpp"

namespace smfront::bosh {
namespace {

xml::Element parse(const std::string& text) {
  xml::ParseResult parsed = xml::parseDocument(text);
  if (!parsed) ADD_FAILURE() << parsed.error().message << " in " << text;
  return parsed ? std::move(parsed).value() : xml::Element();
}

constexpr std::string_view kFeatures =
    "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism>"
    "</mechanisms></stream:features>";

TEST(CreationBody, CarriesEveryAttributeOfTheSpec) {
  CreationAttributes a;
  a.sid = "9c1e";
  a.from = "localhost";
  const xml::Element body = parse(creationBody(a, kFeatures));
  EXPECT_EQ(body.name(), "body");
  EXPECT_EQ(body.ns(), kHttpBindNs);
  const std::pair<const char*, const char*> expected[] = {
      {"sid", "9c1e"},     {"authid", "9c1e"},   {"from", "localhost"}, {"wait", "60"},
      {"hold", "1"},       {"requests", "2"},    {"inactivity", "60"},  {"polling", "5"},
      {"maxpause", "120"}, {"ver", "1.6"},       {"secure", "true"},
  };
  for (const auto& [name, value] : expected) {
    SCOPED_TRACE(name);
    ASSERT_NE(body.attr(name), nullptr);
    EXPECT_EQ(*body.attr(name), value);
  }
  ASSERT_NE(body.attr("version", kXboshNs), nullptr);
  EXPECT_EQ(*body.attr("version", kXboshNs), "1.0");
  ASSERT_NE(body.attr("restartlogic", kXboshNs), nullptr);
  EXPECT_EQ(*body.attr("restartlogic", kXboshNs), "true");
  EXPECT_EQ(body.attr("ack"), nullptr);
  // Strophe looks the features up by namespace, so the stream prefix must be bound.
  const xml::Element* features = body.child("features", kStreamNs);
  ASSERT_NE(features, nullptr);
  EXPECT_NE(features->child("mechanisms", "urn:ietf:params:xml:ns:xmpp-sasl"), nullptr);
}

TEST(CreationBody, DeclaresStreamPrefixEvenWithoutFeatures) {
  CreationAttributes a;
  a.sid = "s";
  a.from = "x";
  const std::string text = creationBody(a, {});
  EXPECT_NE(text.find("xmlns:stream='http://etherx.jabber.org/streams'"), std::string::npos);
  EXPECT_EQ(text.substr(text.size() - 2), "/>");
}

TEST(CreationBody, NegotiatedValuesAckAndEscaping) {
  CreationAttributes a;
  a.sid = "s";
  a.from = "a'b&c";
  a.wait = std::chrono::seconds(10);
  a.inactivity = std::chrono::seconds(30);
  a.ver = "1.2";
  a.secure = false;
  a.ack = 42;
  const xml::Element body = parse(creationBody(a, {}));
  EXPECT_EQ(*body.attr("from"), "a'b&c");
  EXPECT_EQ(*body.attr("wait"), "10");
  EXPECT_EQ(*body.attr("inactivity"), "30");
  EXPECT_EQ(*body.attr("ver"), "1.2");
  EXPECT_EQ(*body.attr("secure"), "false");
  EXPECT_EQ(*body.attr("ack"), "42");
}

TEST(ResponseBody, EmptyIsSelfClosed) {
  EXPECT_EQ(responseBody(), "<body xmlns='http://jabber.org/protocol/httpbind'/>");
  EXPECT_EQ(responseBody({}, 7), "<body xmlns='http://jabber.org/protocol/httpbind' ack='7'/>");
}

TEST(ResponseBody, WrapsPayloadAndBindsStreamPrefixOnlyWhenUsed) {
  const std::string plain = responseBody("<message xmlns='jabber:client'/>");
  EXPECT_EQ(plain, "<body xmlns='http://jabber.org/protocol/httpbind'><message xmlns='jabber:client'/></body>");

  const std::string features =
      responseBody("<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>");
  const xml::Element body = parse(features);
  EXPECT_NE(body.child("features", kStreamNs), nullptr);

  // Escaped text that mentions the prefix is not a tag.
  EXPECT_EQ(responseBody("<message xmlns='jabber:client'><body>&lt;stream:x</body></message>")
                .find("xmlns:stream"),
            std::string::npos);
}

TEST(TerminateBody, CarriesConditionAndPayload) {
  EXPECT_EQ(terminateBody(Condition::None), "<body xmlns='http://jabber.org/protocol/httpbind' type='terminate'/>");
  EXPECT_EQ(terminateBody(Condition::ItemNotFound),
            "<body xmlns='http://jabber.org/protocol/httpbind' type='terminate' condition='item-not-found'/>");

  const xml::Element body =
      parse(terminateBody(Condition::RemoteStreamError, streamError("conflict", "Replaced by new connection")));
  EXPECT_EQ(*body.attr("type"), "terminate");
  EXPECT_EQ(*body.attr("condition"), "remote-stream-error");
  const xml::Element* error = body.child("error", kStreamNs);
  ASSERT_NE(error, nullptr);
  EXPECT_NE(error->child("conflict", kStreamErrorNs), nullptr);
  EXPECT_EQ(error->childText("text", kStreamErrorNs), "Replaced by new connection");
}

TEST(StreamError, EscapesTextAndOmitsEmptyText) {
  EXPECT_EQ(streamError("policy-violation"),
            "<stream:error><policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>");
  EXPECT_NE(streamError("conflict", "a<b").find("a&lt;b"), std::string::npos);
}

TEST(ConditionNames, MatchXep0124) {
  EXPECT_EQ(toString(Condition::None), "");
  EXPECT_EQ(toString(Condition::BadRequest), "bad-request");
  EXPECT_EQ(toString(Condition::HostGone), "host-gone");
  EXPECT_EQ(toString(Condition::HostUnknown), "host-unknown");
  EXPECT_EQ(toString(Condition::ImproperAddressing), "improper-addressing");
  EXPECT_EQ(toString(Condition::InternalServerError), "internal-server-error");
  EXPECT_EQ(toString(Condition::ItemNotFound), "item-not-found");
  EXPECT_EQ(toString(Condition::OtherRequest), "other-request");
  EXPECT_EQ(toString(Condition::PolicyViolation), "policy-violation");
  EXPECT_EQ(toString(Condition::RemoteConnectionFailed), "remote-connection-failed");
  EXPECT_EQ(toString(Condition::RemoteStreamError), "remote-stream-error");
  EXPECT_EQ(toString(Condition::SeeOtherUri), "see-other-uri");
  EXPECT_EQ(toString(Condition::SystemShutdown), "system-shutdown");
  EXPECT_EQ(toString(Condition::UndefinedCondition), "undefined-condition");
}

}  // namespace
}  // namespace smfront::bosh
