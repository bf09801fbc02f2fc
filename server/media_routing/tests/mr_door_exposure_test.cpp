#include <gtest/gtest.h>

#include "media_routing/mr_door.hpp"

namespace smfront::media_routing {
namespace {

MrDoorOptions door(std::string bind, std::vector<std::string> peers) {
  MrDoorOptions options;
  options.bindAddress = std::move(bind);
  options.allowedPeers = std::move(peers);
  return options;
}

TEST(MrDoorExposure, AnyPeerIsAcceptableOnlyOnALoopbackAddress) {
  EXPECT_NO_THROW(checkMrDoorExposure(door("127.0.0.1", {})));
  EXPECT_NO_THROW(checkMrDoorExposure(door("127.0.0.2", {})));
  EXPECT_NO_THROW(checkMrDoorExposure(door("::1", {})));
  EXPECT_THROW(checkMrDoorExposure(door("0.0.0.0", {})), std::invalid_argument);
  EXPECT_THROW(checkMrDoorExposure(door("::", {})), std::invalid_argument);
  EXPECT_THROW(checkMrDoorExposure(door("192.0.2.10", {})), std::invalid_argument);
}

TEST(MrDoorExposure, NamedPeersMakeAnyAddressAcceptable) {
  EXPECT_NO_THROW(checkMrDoorExposure(door("0.0.0.0", {"192.0.2.20"})));
}

TEST(MrDoorExposure, TheErrorIsOneLineNamingTheKey) {
  try {
    checkMrDoorExposure(door("0.0.0.0", {}));
    FAIL();
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("mr.allowed_peers"), std::string::npos);
    EXPECT_EQ(message.find('\n'), std::string::npos);
  }
}

}  // namespace
}  // namespace smfront::media_routing
