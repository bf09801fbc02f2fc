#include "bosh/http_rules.hpp"

#include <gtest/gtest.h>

#include "bosh/sid.hpp"

namespace smfront::bosh {
namespace {

TEST(HttpRules, FollowTheSpecTable) {
  EXPECT_EQ(classifyHttp("OPTIONS", "/http-bind/", 0), (HttpDisposition{HttpAnswer::Preflight, 200}));
  EXPECT_EQ(classifyHttp("GET", "/http-bind/", 0), (HttpDisposition{HttpAnswer::InfoPage, 200}));
  EXPECT_EQ(classifyHttp("POST", "/http-bind/", 0), (HttpDisposition{HttpAnswer::EmptyPost, 400}));
  EXPECT_EQ(classifyHttp("POST", "/http-bind/", 10), (HttpDisposition{HttpAnswer::BoshBody, 200}));
  for (const char* method : {"PUT", "DELETE", "PATCH", "HEAD", "post"}) {
    SCOPED_TRACE(method);
    EXPECT_EQ(classifyHttp(method, "/http-bind/", 10), (HttpDisposition{HttpAnswer::MethodNotAllowed, 405}));
  }
  EXPECT_EQ(kAllowedMethods, "GET, POST, OPTIONS");
}

TEST(HttpRules, BothBindPathsAndNothingElse) {
  EXPECT_TRUE(isBindPath("/http-bind/"));
  EXPECT_TRUE(isBindPath("/http-bind"));
  EXPECT_TRUE(isBindPath("/http-bind/?x=1"));
  EXPECT_FALSE(isBindPath("/http-bind/x"));
  EXPECT_FALSE(isBindPath("/http-bindx"));
  EXPECT_FALSE(isBindPath("/"));
  EXPECT_FALSE(isBindPath(""));
  EXPECT_EQ(classifyHttp("POST", "/bosh", 10), (HttpDisposition{HttpAnswer::NotFound, 404}));
  EXPECT_EQ(classifyHttp("PUT", "/other", 10), (HttpDisposition{HttpAnswer::NotFound, 404}));
}

TEST(Sid, Is32LowerHexDigitsOfTheRandomBytes) {
  std::array<std::uint8_t, kSidBytes> bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i * 17);
  EXPECT_EQ(formatSid(bytes), "00112233445566778899aabbccddeeff");
  bytes.fill(0xff);
  EXPECT_EQ(formatSid(bytes), std::string(32, 'f'));
}

}  // namespace
}  // namespace smfront::bosh
