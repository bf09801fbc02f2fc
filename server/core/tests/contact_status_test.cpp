#include "core/contact_status.hpp"

#include <gtest/gtest.h>

namespace smfront::core {
namespace {

using S = ContactStatus;

Actor user(std::string name, std::string holder = {}, bool admin = false) {
  return Actor{.isServer = false, .userName = std::move(name), .isAdmin = admin, .currentStatusUserId = std::move(holder)};
}

bool allowed(S from, S to, const Actor& a) { return !checkTransition(from, to, a).has_value(); }

TEST(ContactStatus, NamesRoundTripCaseInsensitively) {
  for (auto s : {S::Unread, S::Queued, S::Reserved, S::Draft, S::Handled, S::Discarded}) {
    EXPECT_EQ(parseContactStatus(toString(s)), s);
  }
  EXPECT_EQ(parseContactStatus(" RESERVED "), S::Reserved);
  EXPECT_EQ(parseContactStatus("closed"), std::nullopt);
}

TEST(ContactStatus, AnyUserMayClaimOrFinishAnOpenContact) {
  for (auto from : {S::Unread, S::Queued, S::Draft}) {
    EXPECT_TRUE(allowed(from, S::Reserved, user("mary")));
    EXPECT_TRUE(allowed(from, S::Handled, user("mary")));
    EXPECT_TRUE(allowed(from, S::Discarded, user("mary")));
  }
}

TEST(ContactStatus, OnlyTheRouterQueues) {
  EXPECT_TRUE(allowed(S::Unread, S::Queued, Actor::server()));
  EXPECT_TRUE(allowed(S::Reserved, S::Queued, Actor::server()));
  auto refused = checkTransition(S::Unread, S::Queued, user("admin", {}, true));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->kind, Refusal::Kind::Transition);
}

TEST(ContactStatus, AReservedContactBelongsToItsHolder) {
  EXPECT_TRUE(allowed(S::Reserved, S::Handled, user("mary", "mary")));
  EXPECT_TRUE(allowed(S::Reserved, S::Reserved, user("MARY", "mary"))) << "re-claim by the same user";
  EXPECT_TRUE(allowed(S::Reserved, S::Draft, user("mary", "mary")));
  EXPECT_TRUE(allowed(S::Reserved, S::Unread, user("boss", "mary", true))) << "an admin releases";
  auto taken = checkTransition(S::Reserved, S::Reserved, user("bob", "mary"));
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->kind, Refusal::Kind::Reserved);
  EXPECT_NE(taken->message.find("reserved by mary"), std::string::npos);
  EXPECT_FALSE(allowed(S::Reserved, S::Draft, user("boss", "mary", true))) << "draft is the holder's alone";
}

TEST(ContactStatus, FinishedContactsReopenOnlyByAdmin) {
  EXPECT_FALSE(allowed(S::Handled, S::Unread, user("mary")));
  EXPECT_TRUE(allowed(S::Handled, S::Unread, user("boss", {}, true)));
  EXPECT_TRUE(allowed(S::Discarded, S::Unread, user("boss", {}, true)));
  EXPECT_FALSE(allowed(S::Discarded, S::Handled, user("boss", {}, true)));
  EXPECT_FALSE(allowed(S::Handled, S::Reserved, user("boss", {}, true)));
  EXPECT_FALSE(allowed(S::Handled, S::Unread, Actor::server())) << "the server never reopens";
}

TEST(ContactStatus, DraftOnlyFromReserved) {
  EXPECT_FALSE(allowed(S::Unread, S::Draft, user("mary")));
  EXPECT_FALSE(allowed(S::Queued, S::Draft, user("mary")));
}

}  // namespace
}  // namespace smfront::core
