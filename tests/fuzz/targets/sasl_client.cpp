// The client's SASL (the outbound notifier's login): SCRAM-SHA-256, SCRAM-SHA-1 and PLAIN
// clients given fuzzer-made server-first and server-final messages.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_input.hpp"
#include "xmpp/client_mechanism.hpp"
#include "xmpp/scram_client.hpp"

namespace {

using namespace smfront;

constexpr std::string_view kMechanisms[] = {"SCRAM-SHA-256", "SCRAM-SHA-1", "PLAIN"};

// An accepted iteration count costs its number of HMACs: a million takes half a second, so the
// fuzzer would spend its time in PBKDF2 instead of the parsers. Counts between kCheapIterations
// and the client's own maximum behave alike and are lowered to kCheapIterations; the maximum's
// edge and everything above it (refused before any derivation) stay as they came.
constexpr std::uint32_t kCheapIterations = 64;

std::string cheapened(std::string_view message) {
  std::string out(message);
  for (std::size_t at = out.find("i="); at != std::string::npos; at = out.find("i=", at + 2)) {
    // The whole run of digits, leading zeros included, as the client reads it.
    const std::size_t digits = at + 2;
    std::size_t end = digits;
    while (end < out.size() && out[end] >= '0' && out[end] <= '9') ++end;
    std::uint64_t count = 0;
    if (std::from_chars(out.data() + digits, out.data() + end, count).ec != std::errc{}) continue;
    if (count > kCheapIterations && count < xmpp::ScramClient::kMaxIterations) {
      out.replace(digits, end - digits, std::to_string(kCheapIterations));
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput input(data, size);
  const std::uint8_t knob = input.takeByte();
  std::vector<std::string> messages;
  for (const auto message : fuzz::splitMessages(input.rest())) messages.push_back(cheapened(message));

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
