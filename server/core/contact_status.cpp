// Theory of operation
//
// The status table of the SocialMiner contract is kept as data: kRules[from][to]
// names who may make that change, and checkTransition only interprets the rule,
// so a row of kRules reads like a row of the table.
//   Same           not a change; allowed, so writing back what was read is harmless
//   No             nobody
//   Anyone         every user and the server
//   ServerOnly     only the server (router); users get Transition
//   Holder         the user holding the reservation, and the server
//   HolderOrAdmin  the holder, any admin, and the server
//   AdminOnly      admins only; the server never reopens or discards finished contacts
// The server passes the holder rules because it acts for whoever holds the
// contact (chat timers end reserved chats). A user refused by a holder rule gets
// Reserved, which tells a claiming agent "taken" rather than "impossible".
#include "core/contact_status.hpp"

#include <array>

namespace smfront::core {

namespace {

enum class Rule { Same, No, Anyone, ServerOnly, Holder, HolderOrAdmin, AdminOnly };

constexpr std::size_t kStatusCount = 6;
constexpr std::array<std::string_view, kStatusCount> kNames = {"unread",  "queued",  "reserved",
                                                               "draft",   "handled", "discarded"};

using R = Rule;
// Rows: from; columns: to; both in ContactStatus order.
//                      unread            queued         reserved          draft      handled           discarded
constexpr std::array<std::array<Rule, kStatusCount>, kStatusCount> kRules = {{
    /* unread    */ {R::Same, R::ServerOnly, R::Anyone, R::No, R::Anyone, R::Anyone},
    /* queued    */ {R::No, R::Same, R::Anyone, R::No, R::Anyone, R::Anyone},
    /* reserved  */ {R::HolderOrAdmin, R::ServerOnly, R::HolderOrAdmin, R::Holder, R::HolderOrAdmin, R::HolderOrAdmin},
    /* draft     */ {R::No, R::No, R::Anyone, R::Same, R::Anyone, R::Anyone},
    /* handled   */ {R::AdminOnly, R::No, R::No, R::No, R::Same, R::AdminOnly},
    /* discarded */ {R::AdminOnly, R::No, R::No, R::No, R::No, R::Same},
}};

std::size_t index(ContactStatus s) noexcept { return static_cast<std::size_t>(s); }

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

Refusal refuse(Refusal::Kind kind, ContactStatus from, ContactStatus to, std::string_view why) {
  return Refusal{kind, "status",
                 "cannot change status from " + std::string(toString(from)) + " to " + std::string(toString(to)) +
                     std::string(why)};
}

}  // namespace

std::string_view toString(ContactStatus status) noexcept { return kNames[index(status)]; }

std::optional<ContactStatus> parseContactStatus(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\t')) text.remove_suffix(1);
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (equalsIgnoreCase(text, kNames[i])) return static_cast<ContactStatus>(i);
  }
  return std::nullopt;
}

std::string_view toString(SourceType type) noexcept {
  switch (type) {
    case SourceType::Chat: return "chat";
    case SourceType::Push: return "push";
    case SourceType::Callback: return "callback";
    case SourceType::Task: return "task";
  }
  return "chat";
}

std::optional<Refusal> checkTransition(ContactStatus from, ContactStatus to, const Actor& actor) {
  const bool holder = !actor.userName.empty() && equalsIgnoreCase(actor.userName, actor.currentStatusUserId);
  const std::string heldBy = actor.currentStatusUserId.empty()
                                 ? ": the contact is reserved by another user"
                                 : ": the contact is reserved by " + actor.currentStatusUserId;
  switch (kRules[index(from)][index(to)]) {
    case Rule::Same:
    case Rule::Anyone:
      return std::nullopt;
    case Rule::No:
      return refuse(Refusal::Kind::Transition, from, to, "");
    case Rule::ServerOnly:
      if (actor.isServer) return std::nullopt;
      return refuse(Refusal::Kind::Transition, from, to, ": only the router makes this change");
    case Rule::AdminOnly:
      if (!actor.isServer && actor.isAdmin) return std::nullopt;
      return refuse(Refusal::Kind::Transition, from, to, ": only an administrator makes this change");
    case Rule::HolderOrAdmin:
      if (actor.isServer || actor.isAdmin || holder) return std::nullopt;
      return refuse(Refusal::Kind::Reserved, from, to, heldBy);
    case Rule::Holder:
      if (actor.isServer || holder) return std::nullopt;
      return refuse(Refusal::Kind::Reserved, from, to, heldBy);
  }
  return refuse(Refusal::Kind::Transition, from, to, "");
}

}  // namespace smfront::core
