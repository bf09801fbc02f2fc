#include "ccp/contact_status.hpp"

#include <array>

#include "ccp/validation.hpp"

namespace smfront::ccp {

namespace {
constexpr std::array<std::string_view, 6> kNames = {"unread", "queued", "reserved", "draft", "handled", "discarded"};
}  // namespace

std::string_view toString(ContactStatus status) noexcept { return kNames[static_cast<std::size_t>(status)]; }

std::optional<ContactStatus> parseContactStatus(std::string_view text) noexcept {
  text = trimXmlSpace(text);
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (equalsIgnoreCase(text, kNames[i])) return static_cast<ContactStatus>(i);
  }
  return std::nullopt;
}

}  // namespace smfront::ccp
