#include "net/cors.hpp"

#include <gtest/gtest.h>

namespace smfront::net {
namespace {

Request withOrigin(std::string origin, std::string method = "GET") {
  Request r;
  r.method = std::move(method);
  r.target = "/ccp/chat";
  r.headers.add("Origin", std::move(origin));
  return r;
}

TEST(OwnOrigins, EveryHostOnBothSchemesWithoutDefaultPorts) {
  EXPECT_EQ(ownOrigins({"SM.example.com", "localhost"}, 80, 8443),
            (std::vector<std::string>{"http://sm.example.com", "https://sm.example.com:8443", "http://localhost",
                                      "https://localhost:8443"}));
}

TEST(OriginOf, KeepsSchemeHostAndPort) {
  EXPECT_EQ(originOf("https://SM.example.com:8443/base/path?x"), "https://sm.example.com:8443");
  EXPECT_EQ(originOf("http://sm.example.com"), "http://sm.example.com");
  EXPECT_EQ(originOf("ftp://sm.example.com"), "");
  EXPECT_EQ(originOf("http://"), "");
}

TEST(CorsPolicy, AllowsOnlyListedOriginsIgnoringCase) {
  const CorsPolicy policy({"https://shop.example"});
  EXPECT_TRUE(policy.allows("https://shop.example"));
  EXPECT_TRUE(policy.allows("https://SHOP.example"));
  EXPECT_FALSE(policy.allows("https://shop.example:444"));
  EXPECT_FALSE(policy.allows("https://evil.example"));
  EXPECT_FALSE(policy.allows(""));
  EXPECT_FALSE(CorsPolicy().allows("https://shop.example")) << "the default allows nothing";
}

TEST(CorsPolicy, AnyOriginStillNeverEchoesNull) {
  const CorsPolicy policy({"*"});
  EXPECT_TRUE(policy.allows("https://anything.example"));
  EXPECT_FALSE(policy.allows("null"));
  Response r;
  policy.decorate(withOrigin("null"), r);
  EXPECT_EQ(r.headers.find("Access-Control-Allow-Origin"), nullptr);
}

TEST(CorsPolicy, DecoratesWithTheRequestsOriginNeverAStar) {
  const CorsPolicy policy({"*"});
  Response r;
  policy.decorate(withOrigin("https://shop.example"), r);
  EXPECT_EQ(r.headers.get("Access-Control-Allow-Origin"), "https://shop.example");
  EXPECT_EQ(r.headers.get("Access-Control-Allow-Credentials"), "true");
  EXPECT_EQ(r.headers.get("Access-Control-Expose-Headers"), "Location");
  EXPECT_EQ(r.headers.get("Vary"), "Origin");
}

TEST(CorsPolicy, PreflightOfAForeignOriginIsRefused) {
  const CorsPolicy policy({"https://shop.example"});
  auto request = withOrigin("https://evil.example", "OPTIONS");
  request.headers.add("Access-Control-Request-Method", "POST");
  const auto answer = policy.preflight(request);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 403);
  EXPECT_EQ(answer->headers.find("Access-Control-Allow-Origin"), nullptr);
  EXPECT_FALSE(policy.preflight(withOrigin("https://shop.example", "OPTIONS"))) << "no method asked: not a preflight";
}

}  // namespace
}  // namespace smfront::net
