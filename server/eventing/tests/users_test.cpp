// The users' verifiers across restarts: what is stored is reused while the
// configured password still matches, derived again otherwise, and removed
// with the user.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/journal.hpp"
#include "core/records.hpp"
#include "eventing/stored_credentials.hpp"
#include "eventing/users.hpp"
#include "xmpp/base64.hpp"

namespace smfront::eventing {
namespace {

namespace json = boost::json;
using core::records::kUserCredentials;

void expectSameCredentials(const xmpp::UserCredentials& a, const xmpp::UserCredentials& b) {
  EXPECT_EQ(a.username, b.username);
  for (const auto algorithm : {xmpp::HashAlgorithm::Sha1, xmpp::HashAlgorithm::Sha256}) {
    const auto& x = a.scram(algorithm);
    const auto& y = b.scram(algorithm);
    EXPECT_EQ(x.algorithm, y.algorithm);
    EXPECT_EQ(x.salt, y.salt);
    EXPECT_EQ(x.iterations, y.iterations);
    EXPECT_EQ(x.storedKey, y.storedKey);
    EXPECT_EQ(x.serverKey, y.serverKey);
  }
  EXPECT_EQ(a.plainSalt, b.plainSalt);
  EXPECT_EQ(a.plainDigest, b.plainDigest);
}

// What the journal holds, as "put <key>" / "erase <key>", with the values of the puts.
struct Written {
  std::vector<std::string> changes;
  std::map<std::string, std::string> values;
};

Written written(core::Journal& journal) {
  Written out;
  for (const auto& m : journal.take().mutations) {
    if (const auto* put = std::get_if<core::Put>(&m)) {
      EXPECT_EQ(put->table, kUserCredentials);
      out.changes.push_back("put " + put->key);
      out.values[put->key] = put->value;
    } else {
      const auto& erase = std::get<core::Erase>(m);
      EXPECT_EQ(erase.table, kUserCredentials);
      out.changes.push_back("erase " + erase.key);
    }
  }
  return out;
}

std::string storedRow(const std::string& user, const std::string& password) {
  return encodeStoredCredentials(xmpp::deriveUserCredentials(user, password));
}

TEST(StoredCredentials, RoundTripKeepsEveryByte) {
  const auto original = xmpp::deriveUserCredentials("mary", "secret");
  const auto decoded = decodeStoredCredentials(encodeStoredCredentials(original));
  ASSERT_TRUE(decoded);
  expectSameCredentials(*decoded, original);
  EXPECT_EQ(decoded->sha1.algorithm, xmpp::HashAlgorithm::Sha1);
  EXPECT_EQ(decoded->sha256.algorithm, xmpp::HashAlgorithm::Sha256);
  EXPECT_TRUE(decoded->checkPassword("secret"));
}

TEST(StoredCredentials, TheRowHoldsNoPassword) {
  const std::string row = storedRow("mary", "correct-horse-battery");
  EXPECT_EQ(row.find("correct-horse-battery"), std::string::npos) << row;
  EXPECT_EQ(row.find(xmpp::base64Encode("correct-horse-battery")), std::string::npos) << row;
}

TEST(StoredCredentials, MalformedValuesAreRefused) {
  const json::object good = json::parse(storedRow("mary", "secret")).as_object();
  // One member at a time made wrong, on top of the plainly broken texts.
  std::vector<std::string> bad{"", "not json", "[]", "null", "{}", "{\"username\":", std::string(1, '\0')};
  const auto edited = [&](auto edit) {
    json::object o = good;
    edit(o);
    bad.push_back(json::serialize(o));
  };
  edited([](json::object& o) { o.erase("username"); });
  edited([](json::object& o) { o["username"] = ""; });
  edited([](json::object& o) { o["username"] = 7; });
  edited([](json::object& o) { o.erase("sha1"); });
  edited([](json::object& o) { o["sha256"] = "x"; });
  edited([](json::object& o) { o["plain_salt"] = "***"; });
  edited([](json::object& o) { o["plain_salt"] = ""; });
  edited([](json::object& o) { o["plain_digest"] = xmpp::base64Encode("short"); });
  edited([](json::object& o) { o.erase("plain_digest"); });
  edited([](json::object& o) { o["sha1"].as_object()["iterations"] = 0; });
  edited([](json::object& o) { o["sha1"].as_object()["iterations"] = -4096; });
  edited([](json::object& o) { o["sha1"].as_object()["iterations"] = 4294967296LL; });
  edited([](json::object& o) { o["sha1"].as_object()["iterations"] = "4096"; });
  edited([](json::object& o) { o["sha1"].as_object()["iterations"] = 4096.0; });
  edited([](json::object& o) { o["sha1"].as_object()["salt"] = ""; });
  edited([](json::object& o) { o["sha1"].as_object()["stored_key"] = xmpp::base64Encode(std::string(32, 'k')); });
  edited([](json::object& o) { o["sha256"].as_object()["server_key"] = xmpp::base64Encode(std::string(20, 'k')); });
  edited([](json::object& o) { o["sha256"].as_object()["server_key"] = "AAAA="; });
  edited([](json::object& o) { o["sha256"].as_object().erase("stored_key"); });
  for (const auto& value : bad) EXPECT_FALSE(decodeStoredCredentials(value)) << value;
  EXPECT_TRUE(decodeStoredCredentials(json::serialize(good))) << "the unedited row is fine";
}

TEST(UserDirectoryRestore, AMatchingStoredRowIsReusedAsIsAndNotWrittenAgain) {
  const auto storedMary = xmpp::deriveUserCredentials("mary", "secret");
  const core::Table stored{{"mary", encodeStoredCredentials(storedMary)}};
  core::Journal journal;
  const UserDirectory users({{"mary", "secret", false, true}}, stored, journal);
  const UserAccount* mary = users.find("mary");
  ASSERT_NE(mary, nullptr);
  expectSameCredentials(mary->credentials, storedMary);
  EXPECT_TRUE(mary->agent);
  EXPECT_FALSE(mary->admin);
  EXPECT_TRUE(journal.empty());
  EXPECT_EQ(users.origins().restored, 1u);
  EXPECT_EQ(users.origins().derived, 0u);
  EXPECT_EQ(users.origins().erased, 0u);
}

TEST(UserDirectoryRestore, AChangedPasswordIsDerivedAgainWithFreshSalts) {
  const auto storedMary = xmpp::deriveUserCredentials("mary", "old");
  const core::Table stored{{"mary", encodeStoredCredentials(storedMary)}};
  core::Journal journal;
  const UserDirectory users({{"mary", "new", false, true}}, stored, journal);
  const UserAccount* mary = users.find("mary");
  ASSERT_NE(mary, nullptr);
  EXPECT_TRUE(mary->credentials.checkPassword("new"));
  EXPECT_FALSE(mary->credentials.checkPassword("old"));
  EXPECT_NE(mary->credentials.sha1.salt, storedMary.sha1.salt);
  EXPECT_NE(mary->credentials.sha256.salt, storedMary.sha256.salt);
  EXPECT_NE(mary->credentials.plainSalt, storedMary.plainSalt);
  EXPECT_EQ(users.origins().restored, 0u);
  EXPECT_EQ(users.origins().derived, 1u);

  const auto changes = written(journal);
  EXPECT_EQ(changes.changes, std::vector<std::string>{"put mary"});
  const auto rewritten = decodeStoredCredentials(changes.values.at("mary"));
  ASSERT_TRUE(rewritten);
  expectSameCredentials(*rewritten, mary->credentials);
  EXPECT_TRUE(rewritten->checkPassword("new"));
  EXPECT_FALSE(rewritten->checkPassword("old"));
}

TEST(UserDirectoryRestore, AnUnreadableOrForeignRowIsDerivedAgain) {
  auto otherIterations = xmpp::deriveUserCredentials("carl", "secret", xmpp::secureRandomBytes, 1000);
  const core::Table stored{{"ann", "{\"username\":\"ann\",\"sha1\":"},
                           {"bob", storedRow("eve", "secret")},  // another user's row under bob's key
                           {"carl", encodeStoredCredentials(otherIterations)}};
  core::Journal journal;
  const std::vector<UserSeed> seeds{{"ann", "secret", false, true}, {"bob", "secret", false, true},
                                    {"carl", "secret", false, true}};
  const UserDirectory users(seeds, stored, journal);
  EXPECT_EQ(users.origins().restored, 0u);
  EXPECT_EQ(users.origins().derived, 3u);
  const auto changes = written(journal);
  EXPECT_EQ(changes.changes, (std::vector<std::string>{"put ann", "put bob", "put carl"}));
  for (const auto& name : {"ann", "bob", "carl"}) {
    const UserAccount* user = users.find(name);
    ASSERT_NE(user, nullptr) << name;
    EXPECT_EQ(user->credentials.username, name);
    EXPECT_TRUE(user->credentials.checkPassword("secret")) << name;
    EXPECT_EQ(user->credentials.sha256.iterations, xmpp::kDefaultScramIterations) << name;
    const auto row = decodeStoredCredentials(changes.values.at(name));
    ASSERT_TRUE(row) << name;
    EXPECT_TRUE(row->checkPassword("secret")) << name;
  }
}

TEST(UserDirectoryRestore, NewUsersAreWrittenAndRemovedOnesErased) {
  const auto storedMary = xmpp::deriveUserCredentials("mary", "secret");
  const core::Table stored{{"gone", storedRow("gone", "secret")}, {"mary", encodeStoredCredentials(storedMary)}};
  core::Journal journal;
  const UserDirectory users({{"mary", "secret", false, true}, {"newcomer", "pw", false, true}}, stored, journal);
  EXPECT_EQ(users.find("gone"), nullptr);
  ASSERT_NE(users.find("newcomer"), nullptr);
  EXPECT_TRUE(users.find("newcomer")->credentials.checkPassword("pw"));
  expectSameCredentials(users.find("mary")->credentials, storedMary);
  EXPECT_EQ(users.origins().restored, 1u);
  EXPECT_EQ(users.origins().derived, 1u);
  EXPECT_EQ(users.origins().erased, 1u);
  EXPECT_EQ(written(journal).changes, (std::vector<std::string>{"erase gone", "put newcomer"}));
}

TEST(UserDirectoryRestore, WhatOneStartWritesTheNextReusesEntirely) {
  const std::vector<UserSeed> seeds{{"boss", "b", true, false}, {"joe", "j", false, true}};
  core::Journal first;
  const UserDirectory before(seeds, {}, first);
  EXPECT_EQ(before.origins().derived, 2u);
  core::Table stored = written(first).values;

  core::Journal second;
  const UserDirectory after(seeds, stored, second);
  EXPECT_EQ(after.origins().restored, 2u);
  EXPECT_EQ(after.origins().derived, 0u);
  EXPECT_TRUE(second.empty());
  for (const auto& seed : seeds) {
    expectSameCredentials(after.find(seed.name)->credentials, before.find(seed.name)->credentials);
  }
}

}  // namespace
}  // namespace smfront::eventing
