// HTTP Basic through the shared login throttle.
#include "api/auth.hpp"

#include <gtest/gtest.h>

#include "security/login_throttle.hpp"

namespace smfront::api {
namespace {

net::Request withBasic(std::string_view credentialsBase64, std::string address) {
  net::Request r;
  r.method = "GET";
  r.target = "/ccp-webapp/ccp/feed";
  r.remoteAddress = std::move(address);
  r.headers.add("Authorization", "Basic " + std::string(credentialsBase64));
  return r;
}

constexpr std::string_view kRight = "bWFyeTpzZWNyZXQ=";  // mary:secret
constexpr std::string_view kWrong = "bWFyeTp3cm9uZw==";  // mary:wrong

int statusOf(const Authentication& a) {
  if (const auto* response = std::get_if<net::Response>(&a)) return response->status;
  return 200;
}

TEST(BasicAuth, FailuresPastTheLimitAre429WithRetryAfterAndUnchecked) {
  Accounts accounts({{"mary", "secret", false, true}},
                    {.throttle = std::make_shared<security::LoginThrottle>(
                         security::LoginThrottleOptions{.failuresBeforeDelay = 2, .maxDelay = std::chrono::seconds(8)})});
  EXPECT_EQ(statusOf(accounts.authenticate(withBasic(kWrong, "10.0.0.1"))), 401);
  EXPECT_EQ(statusOf(accounts.authenticate(withBasic(kWrong, "10.0.0.1"))), 401);
  const auto refused = accounts.authenticate(withBasic(kRight, "10.0.0.1"));
  ASSERT_EQ(statusOf(refused), 429) << "the right password is not even checked";
  const auto& response = std::get<net::Response>(refused);
  EXPECT_EQ(response.headers.get("Retry-After"), "1");
  EXPECT_NE(response.body.find("<apiErrors>"), std::string::npos);
  EXPECT_EQ(statusOf(accounts.authenticate(withBasic(kRight, "10.0.0.2"))), 200) << "another address is served";
}

TEST(BasicAuth, NoCredentialsIsAChallengeNotAFailure) {
  Accounts accounts({{"mary", "secret", false, true}},
                    {.throttle = std::make_shared<security::LoginThrottle>(
                         security::LoginThrottleOptions{.failuresBeforeDelay = 1})});
  net::Request none;
  none.remoteAddress = "10.0.0.1";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(statusOf(accounts.authenticate(none)), 401);
  EXPECT_EQ(statusOf(accounts.authenticate(withBasic(kRight, "10.0.0.1"))), 200);
}

}  // namespace
}  // namespace smfront::api
