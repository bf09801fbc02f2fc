#include "ccp/validation.hpp"

#include <gtest/gtest.h>

namespace smfront::ccp {
namespace {

TEST(IsValidUtf8, AcceptsWellFormedSequences) {
  EXPECT_TRUE(isValidUtf8(""));
  EXPECT_TRUE(isValidUtf8("plain ascii"));
  EXPECT_TRUE(isValidUtf8("\xC3\xA9"));
  EXPECT_TRUE(isValidUtf8("\xE2\x82\xAC"));
  EXPECT_TRUE(isValidUtf8("\xF0\x9F\x98\x80"));
  EXPECT_TRUE(isValidUtf8("\xF4\x8F\xBF\xBF"));
}

TEST(IsValidUtf8, RejectsMalformedSequences) {
  EXPECT_FALSE(isValidUtf8("\xE9"));              // Latin-1
  EXPECT_FALSE(isValidUtf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(isValidUtf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(isValidUtf8("\xC3"));              // truncated
  EXPECT_FALSE(isValidUtf8("\x80"));              // lone continuation
}

TEST(CountChars, CountsCodePoints) {
  EXPECT_EQ(countChars(""), 0u);
  EXPECT_EQ(countChars("abc"), 3u);
  EXPECT_EQ(countChars("Zo\xC3\xAB \xF0\x9F\x98\x80"), 5u);
}

TEST(ParseInt64, AcceptsDecimalOnly) {
  EXPECT_EQ(parseInt64("42"), 42);
  EXPECT_EQ(parseInt64(" -7\n"), -7);
  EXPECT_EQ(parseInt64("1732800000000"), 1732800000000);
  EXPECT_FALSE(parseInt64(""));
  EXPECT_FALSE(parseInt64("+1"));
  EXPECT_FALSE(parseInt64("1.5"));
  EXPECT_FALSE(parseInt64("0x10"));
  EXPECT_FALSE(parseInt64("12abc"));
  EXPECT_FALSE(parseInt64("99999999999999999999"));
}

TEST(ParseBool, AcceptsTrueAndFalseInAnyCase) {
  EXPECT_EQ(parseBool("true"), true);
  EXPECT_EQ(parseBool(" FALSE "), false);
  EXPECT_EQ(parseBool("True"), true);
  EXPECT_FALSE(parseBool("1"));
  EXPECT_FALSE(parseBool("yes"));
}

TEST(CheckText, ReportsUtf8AndLength) {
  Problems problems;
  EXPECT_TRUE(checkText(problems, "title", "\xC3\xA9\xC3\xA9", 2));
  EXPECT_FALSE(checkText(problems, "title", "abc", 2));
  EXPECT_FALSE(checkText(problems, "author", "\xE9", 2));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], (ApiError{"invalidInput.outOfRange", "title", "title is longer than 2 characters"}));
  EXPECT_EQ(problems[1], (ApiError{"invalidInput.invalidValue", "author", "author is not valid UTF-8"}));
}

TEST(CheckInteger, DistinguishesBadFromOutOfRange) {
  Problems problems;
  EXPECT_EQ(checkInteger(problems, "minAge", "5", 0, 10), 5);
  EXPECT_FALSE(checkInteger(problems, "minAge", "11", 0, 10));
  EXPECT_FALSE(checkInteger(problems, "minAge", "x", 0, 10));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0], (ApiError{"invalidInput.outOfRange", "minAge", "minAge must be between 0 and 10"}));
  EXPECT_EQ(problems[1], (ApiError{"invalidInput.invalidValue", "minAge", "minAge must be a whole number"}));
}

}  // namespace
}  // namespace smfront::ccp
