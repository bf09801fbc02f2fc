// SCRAM client and server against the exchanges of RFC 5802 section 5 (SHA-1) and RFC 7677
// section 3 (SHA-256), with the RFCs' nonces injected, then the server's refusals.

#include <gtest/gtest.h>

#include <map>
#include <ostream>

#include "xmpp/base64.hpp"
#include "xmpp/credentials.hpp"
#include "xmpp/scram_client.hpp"
#include "xmpp/scram_server.hpp"

namespace smfront::xmpp {
namespace {

struct Vector {
  HashAlgorithm algorithm;
  const char* clientNonce;
  const char* serverNonce;
  const char* salt;
  const char* clientFirst;
  const char* serverFirst;
  const char* clientFinal;
  const char* serverFinal;
};

const Vector kRfc5802 = {
    HashAlgorithm::Sha1,
    "fyko+d2lbbFgONRv9qkxdawL",
    "3rfcNHYJY1ZVvWVs7j",
    "QSXCR+Q6sek8bf92",
    "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL",
    "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096",
    "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=",
    "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=",
};

const Vector kRfc7677 = {
    HashAlgorithm::Sha256,
    "rOprNGfwEbeRWgbNEkqO",
    "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0",
    "W22ZaJ0SNY7soEsUEjb6gQ==",
    "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
    "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
    "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
    "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
};

void PrintTo(const Vector& v, std::ostream* os) {
  *os << (v.algorithm == HashAlgorithm::Sha1 ? "RFC 5802 SCRAM-SHA-1" : "RFC 7677 SCRAM-SHA-256");
}

// The verifiers a server would derive at startup for user/pencil with the RFCs' salts.
UserCredentials rfcUser() {
  UserCredentials u;
  u.username = "user";
  u.sha1 = deriveScramCredentials(HashAlgorithm::Sha1, "pencil", *base64Decode(kRfc5802.salt), 4096);
  u.sha256 = deriveScramCredentials(HashAlgorithm::Sha256, "pencil", *base64Decode(kRfc7677.salt), 4096);
  return u;
}

ServerContext contextFor(const Vector& v, const UserCredentials& user) {
  ServerContext c;
  c.domain = "localhost";
  c.lookup = [&user](std::string_view name) { return name == user.username ? &user : nullptr; };
  c.nonce = [nonce = std::string(v.serverNonce)] { return nonce; };
  return c;
}

class ScramVectors : public ::testing::TestWithParam<Vector> {};

TEST_P(ScramVectors, ClientProducesTheRfcMessages) {
  const Vector& v = GetParam();
  ScramClient client(v.algorithm, {"user", "pencil", ""}, [&] { return std::string(v.clientNonce); });
  EXPECT_EQ(client.initialResponse(), v.clientFirst);
  EXPECT_EQ(client.challenge(v.serverFirst), std::optional<std::string>(v.clientFinal));
  EXPECT_TRUE(client.success(v.serverFinal)) << client.error();
}

TEST_P(ScramVectors, ClientAcceptsServerFinalAsChallengeThenEmptySuccess) {
  const Vector& v = GetParam();
  ScramClient client(v.algorithm, {"user", "pencil", ""}, [&] { return std::string(v.clientNonce); });
  client.initialResponse();
  ASSERT_TRUE(client.challenge(v.serverFirst));
  EXPECT_EQ(client.challenge(v.serverFinal), std::optional<std::string>(""));
  EXPECT_TRUE(client.success(""));
}

TEST_P(ScramVectors, ClientRefusesAWrongServerSignature) {
  const Vector& v = GetParam();
  ScramClient client(v.algorithm, {"user", "pencil", ""}, [&] { return std::string(v.clientNonce); });
  client.initialResponse();
  ASSERT_TRUE(client.challenge(v.serverFirst));
  std::string forged = v.serverFinal;
  forged[3] = forged[3] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(client.success(forged));
  EXPECT_EQ(client.error(), "server signature mismatch");
}

TEST_P(ScramVectors, ClientRefusesSuccessWithoutSignature) {
  const Vector& v = GetParam();
  ScramClient client(v.algorithm, {"user", "pencil", ""}, [&] { return std::string(v.clientNonce); });
  client.initialResponse();
  ASSERT_TRUE(client.challenge(v.serverFirst));
  EXPECT_FALSE(client.success(""));
}

TEST_P(ScramVectors, ServerProducesTheRfcMessages) {
  const Vector& v = GetParam();
  const UserCredentials user = rfcUser();
  ScramServer server(v.algorithm, contextFor(v, user));
  const ServerStep first = server.step(v.clientFirst);
  ASSERT_EQ(first.kind, ServerStep::Kind::Challenge) << first.reason;
  EXPECT_EQ(first.data, v.serverFirst);
  EXPECT_TRUE(server.username().empty());
  const ServerStep final = server.step(v.clientFinal);
  ASSERT_EQ(final.kind, ServerStep::Kind::Success) << final.reason;
  EXPECT_EQ(final.data, v.serverFinal);
  EXPECT_EQ(server.username(), "user");
  EXPECT_EQ(server.step("again").kind, ServerStep::Kind::Failure);
}

TEST_P(ScramVectors, ServerRefusesABadProof) {
  const Vector& v = GetParam();
  const UserCredentials user = rfcUser();
  ScramServer server(v.algorithm, contextFor(v, user));
  ASSERT_EQ(server.step(v.clientFirst).kind, ServerStep::Kind::Challenge);
  std::string final = v.clientFinal;
  const std::size_t p = final.find(",p=") + 3;
  final[p] = final[p] == 'A' ? 'B' : 'A';
  const ServerStep s = server.step(final);
  EXPECT_EQ(s.kind, ServerStep::Kind::Failure);
  EXPECT_EQ(s.condition, SaslCondition::NotAuthorized);
  EXPECT_TRUE(server.username().empty());
}

TEST_P(ScramVectors, ServerRefusesTheWrongPassword) {
  const Vector& v = GetParam();
  const UserCredentials user = rfcUser();
  ScramServer server(v.algorithm, contextFor(v, user));
  ScramClient client(v.algorithm, {"user", "pen", ""}, [&] { return std::string(v.clientNonce); });
  const ServerStep first = server.step(client.initialResponse());
  const auto final = client.challenge(first.data);
  ASSERT_TRUE(final);
  EXPECT_EQ(server.step(*final).condition, SaslCondition::NotAuthorized);
}

TEST_P(ScramVectors, ServerRefusesAWrongNonce) {
  const Vector& v = GetParam();
  const UserCredentials user = rfcUser();
  ScramServer server(v.algorithm, contextFor(v, user));
  ASSERT_EQ(server.step(v.clientFirst).kind, ServerStep::Kind::Challenge);
  std::string final = v.clientFinal;
  final.insert(final.find(",p="), "x");  // nonce with an extra character
  const ServerStep s = server.step(final);
  EXPECT_EQ(s.kind, ServerStep::Kind::Failure);
  EXPECT_EQ(s.condition, SaslCondition::NotAuthorized);
  EXPECT_EQ(s.reason, "nonce mismatch");
}

TEST_P(ScramVectors, ServerRefusesAChannelBindingThatDoesNotRepeatTheHeader) {
  const Vector& v = GetParam();
  const UserCredentials user = rfcUser();
  ScramServer server(v.algorithm, contextFor(v, user));
  ASSERT_EQ(server.step(v.clientFirst).kind, ServerStep::Kind::Challenge);
  std::string final = v.clientFinal;
  final.replace(0, 6, "c=eSws");  // "y,," while the client sent "n,,"
  EXPECT_EQ(server.step(final).condition, SaslCondition::NotAuthorized);
}

INSTANTIATE_TEST_SUITE_P(Rfc, ScramVectors, ::testing::Values(kRfc5802, kRfc7677),
                         [](const auto& info) { return info.param.algorithm == HashAlgorithm::Sha1 ? "Sha1" : "Sha256"; });

class ScramServerInput : public ::testing::Test {
 protected:
  UserCredentials user_ = rfcUser();
  ScramServer server_{HashAlgorithm::Sha256, contextFor(kRfc7677, user_)};

  ServerStep first(std::string_view message) { return server_.step(message); }
};

TEST_F(ScramServerInput, RefusesChannelBindingRequests) {
  const ServerStep s = first("p=tls-unique,,n=user,r=abc");
  EXPECT_EQ(s.kind, ServerStep::Kind::Failure);
  EXPECT_EQ(s.condition, SaslCondition::MalformedRequest);
}

TEST_F(ScramServerInput, AcceptsTheYFlag) {
  const ServerStep s = first("y,,n=user,r=abc");
  ASSERT_EQ(s.kind, ServerStep::Kind::Challenge);
  EXPECT_TRUE(s.data.starts_with("r=abc%hvYD"));
}

TEST_F(ScramServerInput, RefusesMalformedClientFirstMessages) {
  for (const char* bad : {"", "x,,n=user,r=abc", "n,n=user,r=abc", "n,,r=abc,n=user", "n,,n=user", "n,,n=,r=abc",
                          "n,,n=us=er,r=abc", "n,,n=user,r=", "n,,m=ext,n=user,r=abc", "n,b=x,n=user,r=abc",
                          "n,,n=user,r=a\x01"}) {
    ScramServer server(HashAlgorithm::Sha256, contextFor(kRfc7677, user_));
    const ServerStep s = server.step(bad);
    EXPECT_EQ(s.kind, ServerStep::Kind::Failure) << bad;
    EXPECT_EQ(s.condition, SaslCondition::MalformedRequest) << bad;
  }
}

TEST_F(ScramServerInput, RefusesMalformedClientFinalMessages) {
  for (const std::string bad : {"", "c=biws", "c=biws,r=x", "r=x,c=biws,p=AAAA", "c=biws,r=x,p=not base64",
                                "c=biws,r=x,p=AAAA"}) {
    ScramServer server(HashAlgorithm::Sha256, contextFor(kRfc7677, user_));
    ASSERT_EQ(server.step(kRfc7677.clientFirst).kind, ServerStep::Kind::Challenge);
    const ServerStep s = server.step(bad);
    EXPECT_EQ(s.kind, ServerStep::Kind::Failure) << bad;
    EXPECT_EQ(s.condition, SaslCondition::MalformedRequest) << bad;
  }
}

TEST_F(ScramServerInput, UnknownUserGetsAStableChallengeThenNotAuthorized) {
  ServerContext c = contextFor(kRfc7677, user_);
  c.unknownUserKey = "k";
  ScramServer a(HashAlgorithm::Sha256, c);
  ScramServer b(HashAlgorithm::Sha256, c);
  const ServerStep sa = a.step("n,,n=nobody,r=abc");
  const ServerStep sb = b.step("n,,n=nobody,r=abc");
  ASSERT_EQ(sa.kind, ServerStep::Kind::Challenge);
  EXPECT_EQ(sa.data, sb.data);
  ScramClient client(HashAlgorithm::Sha256, {"nobody", "pencil", ""}, [] { return std::string("abc"); });
  client.initialResponse();
  const auto final = client.challenge(sa.data);
  ASSERT_TRUE(final);
  EXPECT_EQ(a.step(*final).condition, SaslCondition::NotAuthorized);
}

TEST_F(ScramServerInput, AuthzidMustBeTheUsersBareJid) {
  for (const auto& [authzid, ok] : std::map<std::string, bool>{
           {"user@localhost", true}, {"USER@LocalHost", true}, {"other@localhost", false}, {"user@localhost/r", false}}) {
    ScramServer server(HashAlgorithm::Sha256, contextFor(kRfc7677, user_));
    ScramClient client(HashAlgorithm::Sha256, {"user", "pencil", authzid}, [] { return std::string("abc"); });
    const ServerStep s1 = server.step(client.initialResponse());
    ASSERT_EQ(s1.kind, ServerStep::Kind::Challenge) << authzid;
    const ServerStep s2 = server.step(*client.challenge(s1.data));
    if (ok) {
      ASSERT_EQ(s2.kind, ServerStep::Kind::Success) << authzid << " " << s2.reason;
      EXPECT_TRUE(client.success(s2.data));
    } else {
      EXPECT_EQ(s2.condition, SaslCondition::InvalidAuthzid) << authzid;
    }
  }
}

TEST(ScramCredentials, DerivedOnceWithSeparateSalts) {
  int calls = 0;
  const UserCredentials u = deriveUserCredentials("user", "pencil", [&](std::size_t n) {
    return std::string(n, static_cast<char>('a' + calls++));
  });
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(u.sha1.salt, std::string(16, 'a'));
  EXPECT_EQ(u.sha256.salt, std::string(16, 'b'));
  EXPECT_EQ(u.sha1.iterations, 4096u);
  EXPECT_EQ(u.sha1.storedKey.size(), 20u);
  EXPECT_EQ(u.sha256.serverKey.size(), 32u);
  EXPECT_TRUE(u.checkPassword("pencil"));
  EXPECT_FALSE(u.checkPassword("Pencil"));
  EXPECT_FALSE(u.checkPassword(""));
}

TEST(ScramClientInput, RefusesHostileServerFirstMessages) {
  for (const char* bad : {"r=abc,s=QSXCR+Q6sek8bf92,i=4096",        // nonce not extended
                          "r=xyzdef,s=QSXCR+Q6sek8bf92,i=4096",     // nonce not ours
                          "r=abcdef,s=***,i=4096",                  // salt not base64
                          "r=abcdef,s=QSXCR+Q6sek8bf92,i=0",        // no iterations
                          "r=abcdef,s=QSXCR+Q6sek8bf92,i=99999999", // too many
                          "r=abcdef,s=QSXCR+Q6sek8bf92,i=4x",
                          "m=x,r=abcdef,s=QSXCR+Q6sek8bf92,i=4096", "garbage"}) {
    ScramClient client(HashAlgorithm::Sha1, {"user", "pencil", ""}, [] { return std::string("abc"); });
    client.initialResponse();
    EXPECT_FALSE(client.challenge(bad)) << bad;
  }
}

TEST(ScramClientInput, EscapesUserNames) {
  ScramClient client(HashAlgorithm::Sha1, {"a,b=c", "p", ""}, [] { return std::string("abc"); });
  EXPECT_EQ(client.initialResponse(), "n,,n=a=2Cb=3Dc,r=abc");
}

}  // namespace
}  // namespace smfront::xmpp
