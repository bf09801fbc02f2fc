#pragma once
// The contact status machine of SocialMiner (who may move a contact from which
// status to which), and the names statuses have on every wire.
#include <optional>
#include <string>
#include <string_view>

#include "core/domain.hpp"
#include "core/outcome.hpp"

namespace smfront::core {

/// Lower-case name, e.g. "reserved".
std::string_view toString(ContactStatus status) noexcept;
/// The status named by `text`, in any case.
std::optional<ContactStatus> parseContactStatus(std::string_view text) noexcept;
std::string_view toString(SourceType type) noexcept;

/// Who asks for a status change, and who holds the contact now.
struct Actor {
  bool isServer = false;  // the router, a timer: acts for whoever holds the contact
  std::string userName;   // a person's account; ignored when isServer
  bool isAdmin = false;
  std::string currentStatusUserId;  // the contact's statusUserId now

  static Actor server() { return Actor{.isServer = true, .userName = {}, .isAdmin = false, .currentStatusUserId = {}}; }
};

/// Empty when `actor` may change a contact from `from` to `to`; else the refusal:
/// Transition, or Reserved when only the holder of the reservation (or an admin)
/// could make the change.
std::optional<Refusal> checkTransition(ContactStatus from, ContactStatus to, const Actor& actor);

}  // namespace smfront::core
