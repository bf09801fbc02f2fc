#include "ccp/contact_status.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

namespace smfront::ccp {
namespace {

constexpr std::array<ContactStatus, 6> kAll = {ContactStatus::Unread,   ContactStatus::Queued,
                                               ContactStatus::Reserved, ContactStatus::Draft,
                                               ContactStatus::Handled,  ContactStatus::Discarded};

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

}  // namespace
}  // namespace smfront::ccp
