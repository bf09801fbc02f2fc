#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/names.hpp"
#include "config/config_loader.hpp"
#include "config/tests/error_helpers.hpp"

namespace smfront::config {
namespace {

using testing::errorsOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(Users, ReadsNamesPasswordsAndRoles) {
  const Config c = parseConfig(R"({"users": [
    {"name": "admin", "password": "secret", "roles": ["admin"]},
    {"name": "agent.1_x-y", "password": "p", "roles": ["agent"]},
    {"name": "both", "password": "p", "roles": ["agent", "admin"]}
  ]})");
  EXPECT_THAT(c.users, ElementsAre(User{"admin", "secret", true, false},
                                   User{"agent.1_x-y", "p", false, true},
                                   User{"both", "p", true, true}));
}

TEST(Users, FileListReplacesTheDefaultListRatherThanMerging) {
  EXPECT_TRUE(parseConfig(R"({"users": []})").users.empty());
}

TEST(Users, DuplicateNamesAreRejectedAtTheLaterEntry) {
  EXPECT_THAT(errorsOf(R"({"users": [
    {"name": "alice", "password": "p", "roles": ["agent"]},
    {"name": "bob", "password": "p", "roles": ["agent"]},
    {"name": "bob", "password": "q", "roles": ["admin"]}
  ]})"),
              ElementsAre(R"(users[2].name: duplicate user "bob")"));
}

TEST(Users, NameMustBeAValidLocalpart) {
  const std::string reason =
      "users[0].name: must be 1 to 64 characters of a-z, 0-9, '.', '_' and '-'";
  for (const std::string& bad :
       std::vector<std::string>{"Alice", "a b", "a@b", "a/b", "", std::string(65, 'a')}) {
    EXPECT_THAT(errorsOf(R"({"users": [{"name": ")" + bad +
                         R"(", "password": "p", "roles": ["agent"]}]})"),
                ElementsAre(reason + " (got \"" + bad + "\")"))
        << bad;
  }
  EXPECT_EQ(parseConfig(R"({"users": [{"name": ")" + std::string(64, 'a') +
                        R"(", "password": "p", "roles": ["agent"]}]})")
                .users.size(),
            1u);
}

TEST(Users, ADisplayNameStandsForALowerCaseUserName) {
  EXPECT_EQ(userNameOf("Vera"), "vera");
  EXPECT_EQ(userNameOf("Agent Smith"), "agent_smith");
  EXPECT_EQ(userNameOf("echo-bot"), "echo-bot");
  EXPECT_TRUE(isUserName(userNameOf("Zoë O'Neil")));
  EXPECT_TRUE(isDisplayName("Zoë"));
  EXPECT_FALSE(isDisplayName("tab\there"));
  EXPECT_FALSE(isDisplayName(std::string(65, 'a')));
  EXPECT_FALSE(isDisplayName("\xff"));
}

TEST(Users, RolesMustBeANonEmptyListOfKnownRoles) {
  EXPECT_THAT(errorsOf(R"({"users": [{"name": "a", "password": "p", "roles": []}]})"),
              ElementsAre(R"(users[0].roles: must list at least one of "admin", "agent")"));
  EXPECT_THAT(errorsOf(R"({"users": [{"name": "a", "password": "p", "roles": "admin"}]})"),
              ElementsAre(R"(users[0].roles: must be an array (got "admin"))"));
  EXPECT_THAT(errorsOf(R"({"users": [{"name": "a", "password": "p"}]})"),
              ElementsAre("users[0].roles: is required"));
}

TEST(Users, UnknownRoleNamesItsIndex) {
  EXPECT_THAT(errorsOf(R"({"users": [
    {"name": "a", "password": "p", "roles": ["agent"]},
    {"name": "b", "password": "p", "roles": ["root", "admin", 7]}
  ]})"),
              ElementsAre(R"(users[1].roles[0]: must be "admin" or "agent" (got "root"))",
                          R"(users[1].roles[2]: must be "admin" or "agent" (got 7))"));
}

TEST(Users, NameAndPasswordAreRequiredAndNonEmpty) {
  EXPECT_THAT(errorsOf(R"({"users": [{"name": "a", "roles": ["agent"]}]})"),
              ElementsAre("users[0].password: is required"));
  EXPECT_THAT(errorsOf(R"({"users": [{"name": "a", "password": "", "roles": ["agent"]}]})"),
              ElementsAre(R"(users[0].password: must be a non-empty string (got ""))"));
  EXPECT_THAT(errorsOf(R"({"users": [{"password": "p", "roles": ["agent"]}]})"),
              ElementsAre("users[0].name: is required"));
}

TEST(Users, EntriesMustBeObjectsWithKnownKeys) {
  EXPECT_THAT(errorsOf(R"({"users": ["admin"]})"),
              ElementsAre(R"(users[0]: must be an object (got "admin"))"));
  EXPECT_THAT(errorsOf(R"({"users": [{"name": "a", "password": "p", "roles": ["agent"], "role": 1}]})"),
              ElementsAre(R"(unknown key "users[0].role")"));
}

}  // namespace
}  // namespace smfront::config
