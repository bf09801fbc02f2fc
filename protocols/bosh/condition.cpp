#include "bosh/condition.hpp"

#include <array>
#include <cstddef>

namespace smfront::bosh {

namespace {
// Indexed by the enum's value; keep both lists in the same order.
constexpr std::array<std::string_view, 14> kNames = {
    "",
    "bad-request",
    "host-gone",
    "host-unknown",
    "improper-addressing",
    "internal-server-error",
    "item-not-found",
    "other-request",
    "policy-violation",
    "remote-connection-failed",
    "remote-stream-error",
    "see-other-uri",
    "system-shutdown",
    "undefined-condition",
};
}  // namespace

std::string_view toString(Condition condition) noexcept {
  return kNames[static_cast<std::size_t>(condition)];
}

}  // namespace smfront::bosh
