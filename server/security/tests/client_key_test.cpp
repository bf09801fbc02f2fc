#include "security/client_key.hpp"

#include <gtest/gtest.h>

namespace smfront::security {
namespace {

TEST(ClientKey, Ipv4IsItself) { EXPECT_EQ(clientKey("192.0.2.7"), "192.0.2.7"); }

TEST(ClientKey, MappedIpv4IsTheIpv4Address) { EXPECT_EQ(clientKey("::ffff:192.0.2.7"), "192.0.2.7"); }

TEST(ClientKey, Ipv6CountsByItsSlash64) {
  EXPECT_EQ(clientKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_EQ(clientKey("2001:db8:1:2::1"), clientKey("2001:db8:1:2:ffff::9"));
  EXPECT_NE(clientKey("2001:db8:1:2::1"), clientKey("2001:db8:1:3::1"));
}

TEST(ClientKey, AnythingElseIsKeptAsGiven) { EXPECT_EQ(clientKey("unix"), "unix"); }

}  // namespace
}  // namespace smfront::security
