#include "core/push_contacts.hpp"

#include "core/catalog.hpp"
#include "core/contact_book.hpp"

namespace smfront::core {

Outcome<Contact> addPushContact(const Catalog& catalog, ContactBook& contacts, NewPushContact request) {
  const Feed* feed = catalog.feed(request.feedId);
  if (feed == nullptr) {
    return Refusal{Refusal::Kind::InvalidValue, "feedRefURL", "no feed " + std::to_string(request.feedId)};
  }
  if (feed->type != FeedType::Push) {
    return Refusal{Refusal::Kind::InvalidValue, "feedRefURL",
                   "feed " + std::to_string(request.feedId) + " is not a push feed (type 7)"};
  }
  Contact contact = newContactOf(*feed, SourceType::Push, std::move(request.author), std::move(request.title),
                                 std::move(request.description), std::move(request.tags),
                                 std::move(request.extensionFields));
  if (request.publishedMs) contact.publishedDate = *request.publishedMs;
  return contacts.add(std::move(contact));
}

}  // namespace smfront::core
