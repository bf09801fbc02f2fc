// The small rules the REST door applies before any route: the base of the URLs
// it writes, who counts as a loopback client, which bodies count as XML.
#include <gtest/gtest.h>

#include "api/admin_media_type.hpp"
#include "api/lab_routes.hpp"
#include "api/public_base_url.hpp"

namespace smfront::api {
namespace {

TEST(PublicBaseUrl, TheDoorsSchemeOnTheServersNameWithoutDefaultPorts) {
  EXPECT_EQ(publicBaseUrlOf("", "sm.example.com", "http", 80), "http://sm.example.com");
  EXPECT_EQ(publicBaseUrlOf("", "sm.example.com", "https", 443), "https://sm.example.com");
  EXPECT_EQ(publicBaseUrlOf("", "localhost", "http", 8080), "http://localhost:8080");
  EXPECT_EQ(publicBaseUrlOf("", "localhost", "https", 80), "https://localhost:80");
  EXPECT_EQ(publicBaseUrlOf("https://proxy.example.com/", "localhost", "http", 8080), "https://proxy.example.com");
}

TEST(PublicBaseUrl, ChosenByTheDoorThatTookTheRequest) {
  const PublicBaseUrls bases{.http = "http://a:1", .https = "https://a:2"};
  net::Request request;
  request.headers.add("Host", "evil.example");
  EXPECT_EQ(baseUrl(request, bases), "http://a:1");
  request.secure = true;
  EXPECT_EQ(baseUrl(request, bases), "https://a:2");
}

TEST(LoopbackAddress, OnlyTheLoopbackNetworks) {
  EXPECT_TRUE(isLoopbackAddress("127.0.0.1"));
  EXPECT_TRUE(isLoopbackAddress("127.8.9.10"));
  EXPECT_TRUE(isLoopbackAddress("::1"));
  EXPECT_TRUE(isLoopbackAddress("::ffff:127.0.0.1"));
  EXPECT_FALSE(isLoopbackAddress("192.0.2.2"));
  EXPECT_FALSE(isLoopbackAddress("::ffff:10.0.0.1"));
  EXPECT_FALSE(isLoopbackAddress("fd00::1"));
  EXPECT_FALSE(isLoopbackAddress("-"));
  EXPECT_FALSE(isLoopbackAddress("1127.0.0.1"));
}

TEST(XmlMediaType, ApplicationOrTextXmlWithAnyParameters) {
  EXPECT_TRUE(isXmlMediaType("application/xml"));
  EXPECT_TRUE(isXmlMediaType("Application/XML; charset=utf-8"));
  EXPECT_TRUE(isXmlMediaType("text/xml;charset=UTF-8"));
  EXPECT_FALSE(isXmlMediaType("text/plain"));
  EXPECT_FALSE(isXmlMediaType("application/x-www-form-urlencoded"));
  EXPECT_FALSE(isXmlMediaType("multipart/form-data; boundary=x"));
  EXPECT_FALSE(isXmlMediaType(""));
  EXPECT_FALSE(isXmlMediaType("application/xmlx"));
}

}  // namespace
}  // namespace smfront::api
