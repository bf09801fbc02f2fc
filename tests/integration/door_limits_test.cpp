// Connection caps shared by every door (the one listener in server/net),
// replayed on the real binary from loopback source addresses.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <vector>

#include "mr_client.hpp"
#include "raw_peer.hpp"
#include "server_fixture.hpp"
#include "support/wait.hpp"

namespace smfront::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

TEST(DoorLimits, NoDoorTakesMoreThanConnectionsPerAddressFromOneAddress) {
  ServerFixture server(json::object{{"routing", "mr"}, {"limits", json::object{{"connections_per_address", 3}}}});
  for (const std::string door : {"http", "https", "bosh", "boshs", "mr"}) {
    SCOPED_TRACE(door);
    std::vector<std::unique_ptr<RawPeer>> held;
    for (int i = 0; i < 3; ++i) {
      held.push_back(std::make_unique<RawPeer>(server.port(door)));
      ASSERT_TRUE(held.back()->connected());
    }
    RawPeer fourth(server.port(door));
    ASSERT_TRUE(fourth.connected());
    EXPECT_TRUE(fourth.closedByServer(5s)) << "the fourth from 127.0.0.1 is closed at once";
    EXPECT_TRUE(fourth.received().empty());

    // Another address is served meanwhile.
    if (door == "http") {
      RawPeer other(server.port(door), "127.0.0.2");
      ASSERT_TRUE(other.connected());
      const std::string request =
          "GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(server.port(door)) + "\r\n\r\n";
      ASSERT_EQ(other.sendSome(request, 2s).bytes, request.size());
      ASSERT_TRUE(other.readAtLeast(12, 5s));
      EXPECT_EQ(other.received().substr(0, 12), "HTTP/1.1 200") << other.received();
    }
  }
  // The held connections were closed above; the server gives their places back as it sees them go.
  Api api(server.port("http"));
  std::string metrics;
  const auto allCounted = [&] {
    metrics = api.call("GET", "/metrics").body;
    for (const std::string door : {"http", "https", "bosh", "boshs", "mr"}) {
      if (metrics.find("smfront_connections_rejected_total{door=\"" + door + "\",reason=\"address_full\"} 1") ==
          std::string::npos) {
        return false;
      }
    }
    return true;
  };
  EXPECT_TRUE(waitUntil(allCounted, 5s, 50ms)) << metrics;
}

}  // namespace
}  // namespace smfront::testing
