#include "net/connection_gate.hpp"

#include <gtest/gtest.h>

namespace smfront::net {
namespace {

std::shared_ptr<ConnectionGate> gate(std::size_t total, std::size_t perAddress, std::vector<std::string> allowed = {}) {
  return std::make_shared<ConnectionGate>(
      GateLimits{.maxConnections = total, .connectionsPerAddress = perAddress, .allowedPeers = std::move(allowed)});
}

TEST(ConnectionGate, OneAddressCannotTakeMoreThanItsShare) {
  auto g = gate(10, 2);
  auto a1 = g->admit("10.0.0.1");
  auto a2 = g->admit("10.0.0.1");
  ASSERT_EQ(a1.refusal, Refusal::None);
  ASSERT_EQ(a2.refusal, Refusal::None);
  EXPECT_EQ(g->admit("10.0.0.1").refusal, Refusal::AddressFull);
  EXPECT_EQ(g->admit("10.0.0.2").refusal, Refusal::None) << "another address still gets in";
  EXPECT_EQ(g->openFrom("10.0.0.1"), 2u);
}

TEST(ConnectionGate, TheDoorCapCountsEveryAddress) {
  auto g = gate(2, 5);
  auto a = g->admit("10.0.0.1");
  auto b = g->admit("10.0.0.2");
  EXPECT_EQ(g->admit("10.0.0.3").refusal, Refusal::DoorFull);
  EXPECT_EQ(g->open(), 2u);
}

TEST(ConnectionGate, AClosedConnectionGivesItsPlaceBack) {
  auto g = gate(1, 1);
  {
    auto a = g->admit("10.0.0.1");
    ASSERT_TRUE(a.slot);
    EXPECT_EQ(g->admit("10.0.0.1").refusal, Refusal::DoorFull);
  }
  EXPECT_EQ(g->open(), 0u);
  EXPECT_EQ(g->openFrom("10.0.0.1"), 0u);
  EXPECT_EQ(g->admit("10.0.0.1").refusal, Refusal::None);
}

TEST(ConnectionGate, AMovedSlotIsGivenBackOnce) {
  auto g = gate(5, 5);
  ConnectionSlot kept;
  {
    auto a = g->admit("10.0.0.1");
    kept = std::move(a.slot);
  }
  EXPECT_EQ(g->open(), 1u);
  kept = ConnectionSlot();
  EXPECT_EQ(g->open(), 0u);
}

TEST(ConnectionGate, OnlyAllowedPeersGetIn) {
  auto g = gate(5, 5, {"192.0.2.7"});
  EXPECT_EQ(g->admit("192.0.2.8").refusal, Refusal::NotAllowed);
  EXPECT_EQ(g->admit("192.0.2.7").refusal, Refusal::None);
  EXPECT_EQ(g->open(), 0u) << "the admission above was dropped at once";
}

}  // namespace
}  // namespace smfront::net
