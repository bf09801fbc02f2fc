// The server's SASL negotiation over nonzas, PLAIN included, and the mechanism choice of the
// client side.

#include "xmpp/sasl_server.hpp"

#include <gtest/gtest.h>

#include "xml/parser.hpp"
#include "xmpp/base64.hpp"
#include "xmpp/client_mechanism.hpp"
#include "xmpp/plain_client.hpp"
#include "xmpp/plain_server.hpp"

namespace smfront::xmpp {
namespace {

const std::string kSasl = "urn:ietf:params:xml:ns:xmpp-sasl";

xml::Element parse(std::string_view text) {
  auto r = xml::parseDocument(text);
  EXPECT_TRUE(r.ok()) << text;
  return r.ok() ? std::move(r).value() : xml::Element();
}

std::string auth(std::string_view mechanism, std::string_view payload) {
  return "<auth xmlns='" + kSasl + "' mechanism='" + std::string(mechanism) + "'>" + std::string(payload) + "</auth>";
}

class SaslServerTest : public ::testing::Test {
 protected:
  SaslServerTest() {
    int n = 0;
    alice_ = deriveUserCredentials("alice", "secret", [&](std::size_t size) {
      return std::string(size, static_cast<char>('s' + n++));
    });
    context_.domain = "localhost";
    context_.lookup = [this](std::string_view name) { return name == "alice" ? &alice_ : nullptr; };
    context_.nonce = [] { return std::string("servernonce"); };
  }

  SaslReply handle(SaslServer& server, std::string_view xml) { return server.handle(parse(xml)); }

  UserCredentials alice_;
  ServerContext context_;
};

TEST_F(SaslServerTest, PlainSucceedsWithTheRightPassword) {
  SaslServer server(context_);
  const SaslReply r = handle(server, auth("PLAIN", base64Encode(std::string("\0alice\0secret", 13))));
  EXPECT_EQ(r.outcome, SaslReply::Outcome::Success);
  EXPECT_EQ(r.xml, "<success xmlns=\"" + kSasl + "\"/>");
  EXPECT_TRUE(server.authenticated());
  EXPECT_EQ(server.username(), "alice");
}

TEST_F(SaslServerTest, PlainRefusesWrongPasswordUnknownUserAndBadAuthzid) {
  const struct {
    std::string message;
    SaslCondition condition;
  } cases[] = {
      {std::string("\0alice\0wrong", 12), SaslCondition::NotAuthorized},
      {std::string("\0bob\0secret", 11), SaslCondition::NotAuthorized},
      {std::string("bob@localhost\0alice\0secret", 26), SaslCondition::InvalidAuthzid},
      {std::string("alice\0secret", 12), SaslCondition::MalformedRequest},
      {std::string("\0alice\0secret\0", 14), SaslCondition::MalformedRequest},
      {std::string("\0\0secret", 8), SaslCondition::MalformedRequest},
  };
  for (const auto& c : cases) {
    PlainServer plain(context_);
    const ServerStep s = plain.step(c.message);
    EXPECT_EQ(s.kind, ServerStep::Kind::Failure);
    EXPECT_EQ(s.condition, c.condition) << s.reason;
    EXPECT_TRUE(plain.username().empty());
  }
  PlainServer own(context_);
  EXPECT_EQ(own.step(std::string("alice@localhost\0alice\0secret", 28)).kind, ServerStep::Kind::Success);
}

TEST_F(SaslServerTest, FailureXmlNamesTheCondition) {
  SaslServer server(context_);
  const SaslReply r = handle(server, auth("PLAIN", base64Encode(std::string("\0alice\0nope", 11))));
  EXPECT_EQ(r.outcome, SaslReply::Outcome::Failure);
  EXPECT_EQ(r.xml, "<failure xmlns=\"" + kSasl + "\"><not-authorized/></failure>");
  EXPECT_FALSE(server.authenticated());
}

TEST_F(SaslServerTest, UnknownOrUnofferedMechanismIsInvalidMechanism) {
  SaslServerOptions options;
  options.mechanisms = {"SCRAM-SHA-256"};
  SaslServer server(context_, options);
  EXPECT_EQ(handle(server, auth("DIGEST-MD5", "=")).condition, SaslCondition::InvalidMechanism);
  EXPECT_EQ(handle(server, auth("PLAIN", "AGFsaWNlAHNlY3JldA==")).condition, SaslCondition::InvalidMechanism);
  EXPECT_EQ(handle(server, auth("SCRAM-SHA-256-PLUS", "=")).condition, SaslCondition::InvalidMechanism);
}

TEST_F(SaslServerTest, BadBase64IsIncorrectEncoding) {
  SaslServer server(context_);
  EXPECT_EQ(handle(server, auth("PLAIN", "AGFsaWNl!")).condition, SaslCondition::IncorrectEncoding);
}

TEST_F(SaslServerTest, AuthWithoutInitialResponseGetsAnEmptyChallenge) {
  SaslServer server(context_);
  const SaslReply r1 = handle(server, auth("PLAIN", ""));
  EXPECT_EQ(r1.outcome, SaslReply::Outcome::Continue);
  EXPECT_EQ(r1.xml, "<challenge xmlns=\"" + kSasl + "\"/>");
  const SaslReply r2 = handle(server, "<response xmlns='" + kSasl + "'>" +
                                          base64Encode(std::string("\0alice\0secret", 13)) + "</response>");
  EXPECT_EQ(r2.outcome, SaslReply::Outcome::Success);
}

TEST_F(SaslServerTest, AbortAnswersAborted) {
  SaslServer server(context_);
  handle(server, auth("SCRAM-SHA-1", base64Encode("n,,n=alice,r=abc")));
  const SaslReply r = handle(server, "<abort xmlns='" + kSasl + "'/>");
  EXPECT_EQ(r.condition, SaslCondition::Aborted);
  EXPECT_EQ(r.xml, "<failure xmlns=\"" + kSasl + "\"><aborted/></failure>");
  // The exchange is gone: a response now is out of place.
  EXPECT_EQ(handle(server, "<response xmlns='" + kSasl + "'/>").condition, SaslCondition::MalformedRequest);
}

TEST_F(SaslServerTest, ThirdFailureClosesTheStream) {
  SaslServer server(context_);
  const std::string bad = auth("PLAIN", base64Encode(std::string("\0alice\0x", 8)));
  EXPECT_FALSE(handle(server, bad).closeStream);
  EXPECT_FALSE(handle(server, bad).closeStream);
  EXPECT_TRUE(handle(server, bad).closeStream);
  EXPECT_EQ(server.failures(), 3u);
}

TEST_F(SaslServerTest, ScramOverNonzasWithEveryHash) {
  for (const char* name : {"SCRAM-SHA-1", "SCRAM-SHA-256"}) {
    SaslServer server(context_);
    auto client = makeClientMechanism(name, {"alice", "secret", ""}, [] { return std::string("clientnonce"); });
    ASSERT_TRUE(client);
    const SaslReply r1 = handle(server, auth(name, base64Encode(client->initialResponse())));
    ASSERT_EQ(r1.outcome, SaslReply::Outcome::Continue) << r1.reason;
    const auto challenge = readSaslPayload(parse(r1.xml));
    ASSERT_TRUE(challenge);
    EXPECT_EQ(challenge->data.substr(0, 24), "r=clientnonceservernonce");
    const auto response = client->challenge(challenge->data);
    ASSERT_TRUE(response) << client->error();
    const SaslReply r2 = handle(server, "<response xmlns='" + kSasl + "'>" + base64Encode(*response) + "</response>");
    ASSERT_EQ(r2.outcome, SaslReply::Outcome::Success) << r2.reason;
    const auto success = readSaslPayload(parse(r2.xml));
    ASSERT_TRUE(success);
    EXPECT_TRUE(success->data.starts_with("v="));
    EXPECT_TRUE(client->success(success->data)) << client->error();
    EXPECT_EQ(server.username(), "alice");
    // Authentication happens once per stream.
    EXPECT_EQ(handle(server, auth(name, "=")).condition, SaslCondition::MalformedRequest);
  }
}

TEST_F(SaslServerTest, ScramChannelBindingRequestIsMalformed) {
  SaslServer server(context_);
  EXPECT_EQ(handle(server, auth("SCRAM-SHA-256", base64Encode("p=tls-exporter,,n=alice,r=abc"))).condition,
            SaslCondition::MalformedRequest);
}

TEST(PlainClient, SendsAuthzidUserAndPassword) {
  PlainClient client({"alice", "secret", ""});
  EXPECT_EQ(client.initialResponse(), std::string("\0alice\0secret", 13));
  EXPECT_TRUE(client.success(""));
  EXPECT_FALSE(client.challenge("x"));
}

TEST(ChooseMechanism, PrefersScramSha256ThenSha1ThenPlain) {
  const std::vector<std::string> all = {"PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-1-PLUS"};
  EXPECT_EQ(chooseMechanism(all, false, false).name, "SCRAM-SHA-256");
  const std::vector<std::string> noSha256 = {"PLAIN", "SCRAM-SHA-1"};
  EXPECT_EQ(chooseMechanism(noSha256, false, false).name, "SCRAM-SHA-1");
  const std::vector<std::string> plainOnly = {"PLAIN", "X-OAUTH2"};
  EXPECT_EQ(chooseMechanism(plainOnly, true, false).name, "PLAIN");
  EXPECT_EQ(chooseMechanism(plainOnly, false, true).name, "PLAIN");
  const MechanismChoice refused = chooseMechanism(plainOnly, false, false);
  EXPECT_EQ(refused.name, "");
  EXPECT_TRUE(refused.plainRefusedWithoutTls);
  const std::vector<std::string> none = {"DIGEST-MD5"};
  EXPECT_EQ(chooseMechanism(none, true, true).name, "");
  EXPECT_FALSE(chooseMechanism(none, true, true).plainRefusedWithoutTls);
}

}  // namespace
}  // namespace smfront::xmpp

namespace smfront::xmpp {
namespace {

std::string authWith(std::string_view mechanism, std::string_view raw) {
  return "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='" + std::string(mechanism) + "'>" +
         base64Encode(raw) + "</auth>";
}

TEST(ClaimedUsername, ReadsPlainsAuthcidAndScramsName) {
  using namespace std::string_literals;
  EXPECT_EQ(claimedUsername(parse(authWith("PLAIN", "\0mary\0guess"s))), "mary");
  EXPECT_EQ(claimedUsername(parse(authWith("PLAIN", "mary@localhost\0mary\0guess"s))), "mary");
  EXPECT_EQ(claimedUsername(parse(authWith("SCRAM-SHA-256", "n,,n=mary,r=abc"))), "mary");
  EXPECT_EQ(claimedUsername(parse(authWith("SCRAM-SHA-1", "y,a=x,n=a=2Cb=3Dc,r=abc"))), "a,b=c");
}

TEST(ClaimedUsername, IsEmptyWhenThereIsNone) {
  EXPECT_EQ(claimedUsername(parse(authWith("PLAIN", "no separators"))), "");
  EXPECT_EQ(claimedUsername(parse("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'/>")), "");
  EXPECT_EQ(claimedUsername(parse(authWith("SCRAM-SHA-1", "n,,r=abc"))), "");
  EXPECT_EQ(claimedUsername(parse(authWith("X-OTHER", "n,,n=mary,r=abc"))), "");
}

}  // namespace
}  // namespace smfront::xmpp
