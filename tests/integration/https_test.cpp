// HTTPS with the development CA: TLS 1.2 and 1.3 only.
#include <gtest/gtest.h>

#include "server_fixture.hpp"
#include "support/dev_certs.hpp"

namespace smfront::testing {
namespace {

using namespace std::chrono_literals;

TlsOptions only(int version) {
  TlsOptions tls;
  tls.caFile = devCerts().caCert;
  tls.minVersion = version;
  tls.maxVersion = version;
  return tls;
}

class Https : public ::testing::Test {
 protected:
  ServerFixture server_;
};

TEST_F(Https, Tls13ServesTheSameRoutes) {
  HttpClient client;
  auto connected = client.connect(server_.port("https"), only(TLS1_3_VERSION), 5s);
  ASSERT_TRUE(connected.ok) << connected.error;
  EXPECT_EQ(connected.tlsVersionName, "TLSv1.3");
  auto r = client.request("GET", "/ccp/status");
  ASSERT_TRUE(r) << client.lastError();
  EXPECT_EQ(r->status, 200);
  auto again = client.request("GET", "/");
  ASSERT_TRUE(again) << "keep-alive works over TLS";
  EXPECT_EQ(again->status, 200);
}

TEST_F(Https, Tls12Works) {
  HttpClient client;
  auto connected = client.connect(server_.port("https"), only(TLS1_2_VERSION), 5s);
  ASSERT_TRUE(connected.ok) << connected.error;
  EXPECT_EQ(connected.tlsVersionName, "TLSv1.2");
  EXPECT_NE(connected.cipher.find("GCM"), std::string::npos) << connected.cipher;
  auto r = client.request("GET", "/ccp/health");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(Https, Tls11IsRefused) {
  HttpClient client;
  auto tls = only(TLS1_1_VERSION);
  auto connected = client.connect(server_.port("https"), tls, 5s);
  EXPECT_FALSE(connected.ok) << "negotiated " << connected.tlsVersionName;

  auto fine = server_.https();
  auto r = fine.request("GET", "/ccp/health");
  ASSERT_TRUE(r) << "a refused handshake harms no one else";
}

TEST_F(Https, PlainHttpOnTheTlsPortIsDropped) {
  HttpClient client;
  ASSERT_TRUE(client.connect(server_.port("https"), 5s).ok);
  client.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(client.waitForPeerClose(5s));
}

TEST_F(Https, LimitsApplyOverTls) {
  auto client = server_.https();
  ASSERT_TRUE(client.sendRaw("GET /ccp/status HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(9000, 'a') + "\r\n\r\n"));
  auto r = client.readResponse(5s);
  ASSERT_TRUE(r) << client.lastError();
  EXPECT_EQ(r->status, 431);
}

}  // namespace
}  // namespace smfront::testing
