#pragma once
// A social contact posted into a push feed (POST /ccp-webapp/ccp/socialcontact,
// spec socialminer-rest 8.3): only a feed of type push takes one. It is added
// and announced like any other contact, so its campaigns, notification rules
// and pubsub node see it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/domain.hpp"
#include "core/outcome.hpp"

namespace smfront::core {

class Catalog;
class ContactBook;

struct NewPushContact {
  std::int64_t feedId = 0;
  std::string author;
  std::string title;
  std::string description;
  std::vector<std::string> tags;
  std::vector<ExtensionField> extensionFields;
  std::optional<std::int64_t> publishedMs;  // when the post was made; absent: now
};

Outcome<Contact> addPushContact(const Catalog& catalog, ContactBook& contacts, NewPushContact request);

}  // namespace smfront::core
