// bosh::parseRequest on every HTTP body of the input, and the session state machine driven by
// the bodies that parse: the first creates the session, the rest arrive as requests at times
// the fuzzer picks, with stanzas delivered and timers fired in between.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "bosh/request.hpp"
#include "bosh/session.hpp"
#include "fuzz_input.hpp"

namespace {

using namespace smfront;

constexpr std::string_view kStanza = "<message xmlns='jabber:client' to='a@localhost'><body>hi</body></message>";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::FuzzInput input(data, size);
  const std::uint8_t knob = input.takeByte();
  bosh::RequestLimits limits;
  if (knob & 1) {
    limits.maxBodyBytes = 64 + 32 * (knob >> 4);
    limits.maxDepth = 1 + (knob >> 1) % 8;
  }

  std::optional<bosh::Session> session;
  bosh::Time now{};
  bosh::Ticket ticket = 0;
  for (std::string_view body : fuzz::splitMessages(input.rest())) {
    // The first byte of each body drives the clock and the server side, the rest is the body.
    const std::uint8_t step = body.empty() ? 0 : static_cast<std::uint8_t>(body.front());
    if (!body.empty()) body.remove_prefix(1);
    now += std::chrono::milliseconds(step) * 500;

    bosh::ParsedRequest parsed = bosh::parseRequest(body, limits);
    if (!session) {
      if (!parsed) continue;
      bosh::Creation creation = bosh::Session::create(parsed.value(), bosh::SessionConfig{}, "sid", {}, now);
      if (creation) session = std::move(creation.session);
      continue;
    }
    if (parsed) {
      session->onRequest(std::move(parsed).value(), ++ticket, now);
    } else {
      session->reject(++ticket, parsed.rejection().condition, now);
    }
    if (step & 1) session->deliver(kStanza, now);
    if (step & 2) session->flush(now);
    if (const auto deadline = session->nextDeadline(); deadline && (step & 4)) session->onTimer(*deadline);
    if ((step & 0xF0) == 0xF0) session->terminate(bosh::Condition::SystemShutdown, now);
    if (session->finished()) session.reset();
  }
  return 0;
}
