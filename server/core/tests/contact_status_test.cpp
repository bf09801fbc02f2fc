// The contact status machine, cell by cell for each kind of caller.
#include "core/contact_status.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "core/catalog.hpp"

namespace smfront::core {
namespace {

constexpr std::array<ContactStatus, 6> kAll = {ContactStatus::Unread,   ContactStatus::Queued,
                                               ContactStatus::Reserved, ContactStatus::Draft,
                                               ContactStatus::Handled,  ContactStatus::Discarded};

// Expected verdicts, one row per "from" status and one letter per "to" status, both in the
// order unread queued reserved draft handled discarded. A = allowed, T = invalidState.transition,
// R = invalidState.reserved. Written out from the table of spec §8.3 for each kind of caller.
using Matrix = std::array<const char*, 6>;

char verdict(ContactStatus from, ContactStatus to, const Actor& actor) {
  const auto refusal = checkTransition(from, to, actor);
  if (!refusal) return 'A';
  EXPECT_EQ(refusal->field, "status");
  if (refusal->kind == Refusal::Kind::Transition) return 'T';
  if (refusal->kind == Refusal::Kind::Reserved) return 'R';
  return '?';
}

Actor actor(bool server, std::string name, bool admin, std::string holder) {
  return Actor{.isServer = server, .userName = std::move(name), .isAdmin = admin, .currentStatusUserId = std::move(holder)};
}

void expectMatrix(const Actor& actor, const Matrix& expected) {
  for (std::size_t f = 0; f < kAll.size(); ++f) {
    std::string row;
    for (const ContactStatus to : kAll) row += verdict(kAll[f], to, actor);
    EXPECT_EQ(row, expected[f]) << "from " << toString(kAll[f]);
  }
}

TEST(ContactStatusNames, AreLowerCaseAndParseInAnyCase) {
  const std::array<const char*, 6> names = {"unread", "queued", "reserved", "draft", "handled", "discarded"};
  for (std::size_t i = 0; i < kAll.size(); ++i) {
    EXPECT_EQ(toString(kAll[i]), names[i]);
    EXPECT_EQ(parseContactStatus(names[i]), kAll[i]);
  }
  EXPECT_EQ(parseContactStatus("RESERVED"), ContactStatus::Reserved);
  EXPECT_EQ(parseContactStatus(" Handled\n"), ContactStatus::Handled);
  EXPECT_FALSE(parseContactStatus("closed"));
  EXPECT_FALSE(parseContactStatus(""));
}

TEST(CheckTransition, PlainAgentOnUnheldContact) {
  // An agent acting on a contact nobody holds (statusUserId empty).
  expectMatrix(actor(false, "alice", false, ""), {
                                                     "ATATAA",  // unread
                                                     "TAATAA",  // queued
                                                     "RTRRRR",  // reserved
                                                     "TTAAAA",  // draft
                                                     "TTTTAT",  // handled
                                                     "TTTTTA",  // discarded
                                                 });
}

TEST(CheckTransition, SameUserAsHolder) {
  expectMatrix(actor(false, "alice", false, "alice"), {
                                                          "ATATAA",
                                                          "TAATAA",
                                                          "ATAAAA",
                                                          "TTAAAA",
                                                          "TTTTAT",
                                                          "TTTTTA",
                                                      });
}

TEST(CheckTransition, AnotherUserThanHolder) {
  expectMatrix(actor(false, "bob", false, "alice"), {
                                                        "ATATAA",
                                                        "TAATAA",
                                                        "RTRRRR",
                                                        "TTAAAA",
                                                        "TTTTAT",
                                                        "TTTTTA",
                                                    });
}

TEST(CheckTransition, Admin) {
  // An administrator who does not hold the contact: may release, take over, finish and
  // restore, but not write a draft in someone else's name.
  expectMatrix(actor(false, "root", true, "alice"), {
                                                        "ATATAA",
                                                        "TAATAA",
                                                        "ATARAA",
                                                        "TTAAAA",
                                                        "ATTTAA",
                                                        "ATTTTA",
                                                    });
}

TEST(CheckTransition, Server) {
  expectMatrix(actor(true, "", false, "alice"), {
                                                    "AAATAA",
                                                    "TAATAA",
                                                    "AAAAAA",
                                                    "TTAAAA",
                                                    "TTTTAT",
                                                    "TTTTTA",
                                                });
}

TEST(CheckTransition, HolderMatchIgnoresCaseButNeedsAName) {
  EXPECT_FALSE(checkTransition(ContactStatus::Reserved, ContactStatus::Handled,
                               actor(false, "Alice", false, "alice")));
  EXPECT_TRUE(checkTransition(ContactStatus::Reserved, ContactStatus::Handled, actor(false, "", false, "")));
}

TEST(CheckTransition, ReservedErrorNamesTheHolder) {
  const auto refusal =
      checkTransition(ContactStatus::Reserved, ContactStatus::Reserved, actor(false, "bob", false, "alice"));
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->kind, Refusal::Kind::Reserved);
  EXPECT_EQ(refusal->message, "cannot change status from reserved to reserved: the contact is reserved by alice");
}

TEST(CheckChangeStamp, PassesWhenAbsentOrEqualAndNamesTheStaleField) {
  EXPECT_FALSE(checkChangeStamp(std::nullopt, 5));
  EXPECT_FALSE(checkChangeStamp(5, 5));
  const auto stale = checkChangeStamp(4, 5);
  ASSERT_TRUE(stale);
  EXPECT_EQ(stale->kind, Refusal::Kind::ChangeStamp);
  EXPECT_EQ(stale->field, "changeStamp");
  EXPECT_EQ(stale->message, "changeStamp 4 is stale; the current value is 5");
  EXPECT_EQ(checkChangeStamp(1, 2, "statusTimestamp")->field, "statusTimestamp");
}

}  // namespace
}  // namespace smfront::core
