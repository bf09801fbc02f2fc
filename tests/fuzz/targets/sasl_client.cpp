// The client's SASL (the outbound notifier's login): SCRAM-SHA-256, SCRAM-SHA-1 and PLAIN
// clients given fuzzer-made server-first and server-final messages.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_input.hpp"
#include "xmpp/client_mechanism.hpp"

namespace {

using namespace smfront;

constexpr std::string_view kMechanisms[] = {"SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput input(data, size);
  const std::uint8_t knob = input.takeByte();
  const auto messages = fuzz::splitMessages(input.rest());

  xmpp::ClientCredentials credentials{"user", "pencil", (knob & 4) ? "admin@localhost" : ""};
  auto client = xmpp::makeClientMechanism(kMechanisms[knob % 3], credentials,
                                          [] { return std::string("rOprNGfwEbeRWgbNEkqO"); });
  if (!client) return 0;
  client->initialResponse();
  for (std::size_t i = 0; i + 1 < messages.size(); ++i) {
    if (!client->challenge(messages[i])) return 0;
  }
  client->success(messages.back());
  return 0;
}
