#pragma once
// Which contacts belong to a campaign: those of its feeds. A campaign keeps no
// list of its own, so membership is always the contact book's current state.
#include <cstddef>
#include <string>
#include <vector>

#include "core/contact_book.hpp"
#include "core/domain.hpp"

namespace smfront::core {

/// The contacts of `campaign`'s feeds, newest first (then by id), as a page of
/// results lists them. On the core strand; the pointers live until the next change.
std::vector<const Contact*> campaignMembers(const Campaign& campaign, const ContactBook& contacts);

/// Up to ten tags for an agent tagging a contact of `campaign` (Cisco's GET
/// Suggested Tags): those used most often on its newest `window` contacts, the
/// more recently used first among equals, then by name.
std::vector<std::string> suggestedTags(const Campaign& campaign, const ContactBook& contacts, std::size_t window = 1000);

}  // namespace smfront::core
