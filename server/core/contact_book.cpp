#include "core/contact_book.hpp"

#include <algorithm>

#include "core/catalog.hpp"
#include "core/ids.hpp"
#include "core/records.hpp"

namespace smfront::core {

namespace {

bool namesTheRoom(const ExtensionField& field) { return field.name == "chatRoom" || field.name == "h_chatRoom"; }

// Tags and extension fields of a contact reserved by someone are theirs to
// change (and an admin's): another agent retagging it would fire notification
// rules and reroute it behind the holder's back. The chat room fields are the
// server's own: an agent who rewrote them would send everyone else's console
// into another room.
std::optional<Refusal> checkFieldEdit(const Contact& contact, const ContactEdit& edit, const Actor& actor) {
  if (actor.isServer || actor.isAdmin || (!edit.tags && !edit.extensionFields)) return std::nullopt;
  if (edit.extensionFields && std::any_of(edit.extensionFields->begin(), edit.extensionFields->end(), namesTheRoom)) {
    return Refusal{Refusal::Kind::Forbidden, "extensionFields", "only an admin may change a contact's chat room"};
  }
  if (contact.status == ContactStatus::Reserved && contact.statusUserId != actor.userName) {
    return Refusal{Refusal::Kind::Forbidden, edit.tags ? "tags" : "extensionFields",
                   "the contact is reserved by " + contact.statusUserId + ": only they or an admin may change it"};
  }
  return std::nullopt;
}

}  // namespace

Contact newContactOf(const Feed& feed, SourceType type, std::string author, std::string title,
                     std::string description, std::vector<std::string> tags,
                     std::vector<ExtensionField> extensionFields) {
  Contact contact;
  contact.id = newContactId();
  contact.sourceType = type;
  contact.feedId = feed.id;
  contact.author = std::move(author);
  contact.title = std::move(title);
  contact.description = std::move(description);
  contact.tags = std::move(tags);
  for (const auto& t : feed.tags) {
    if (std::find(contact.tags.begin(), contact.tags.end(), t) == contact.tags.end()) contact.tags.push_back(t);
  }
  contact.extensionFields = std::move(extensionFields);
  return contact;
}

const Contact& ContactBook::add(Contact contact) {
  const auto now = clock_.nowMs();
  contact.createdDate = now;
  if (contact.publishedDate == 0) contact.publishedDate = now;
  contact.statusTimestamp = now;
  contact.changeStamp = 0;
  contact.statusHistory.push_back({contact.status, contact.statusReason, contact.statusUserId, now});
  auto& stored = contacts_.insert_or_assign(contact.id, std::move(contact)).first->second;
  save(stored);
  for (const auto& observer : tagObservers_) observer(stored, nullptr);
  bus_.publish(ContactCreated{stored});
  return stored;
}

const Contact* ContactBook::find(std::string_view id) const {
  const auto it = contacts_.find(id);
  return it == contacts_.end() ? nullptr : &it->second;
}

std::vector<const Contact*> ContactBook::all() const {
  std::vector<const Contact*> out;
  out.reserve(contacts_.size());
  for (const auto& [_, c] : contacts_) out.push_back(&c);
  return out;
}

std::vector<const Contact*> ContactBook::after(std::string_view id, std::size_t max) const {
  std::vector<const Contact*> out;
  for (auto it = id.empty() ? contacts_.begin() : contacts_.upper_bound(id); it != contacts_.end() && out.size() < max;
       ++it) {
    out.push_back(&it->second);
  }
  return out;
}

Outcome<Contact> ContactBook::edit(std::string_view id, const ContactEdit& edit, const Actor& actor) {
  auto it = contacts_.find(id);
  if (it == contacts_.end()) return Refusal{Refusal::Kind::NotFound, "id", "no contact " + std::string(id)};
  Contact& contact = it->second;
  if (auto stale = checkChangeStamp(edit.changeStamp, contact.changeStamp)) return *stale;
  if (auto stale = checkChangeStamp(edit.statusTimestamp, contact.statusTimestamp, "statusTimestamp")) return *stale;
  if (auto refused = checkFieldEdit(contact, edit, actor)) return *refused;

  Actor checked = actor;
  checked.currentStatusUserId = contact.statusUserId;
  const ContactStatus previous = contact.status;
  Contact updated = contact;
  if (edit.status) {
    if (auto refused = checkTransition(contact.status, *edit.status, checked)) return *refused;
    updated.status = *edit.status;
    updated.statusTimestamp = clock_.nowMs();
    if (!actor.isServer) updated.statusUserId = actor.userName;
    if (actor.isServer && edit.statusUserId) updated.statusUserId = *edit.statusUserId;
    if (!edit.statusReason) updated.statusReason = "unknown";
  }
  if (edit.statusReason) updated.statusReason = *edit.statusReason;
  if (edit.tags) updated.tags = *edit.tags;
  if (edit.extensionFields) {
    for (const auto& change : *edit.extensionFields) {
      auto& fields = updated.extensionFields;
      auto field = std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.name == change.name; });
      if (change.value.empty()) {
        if (field != fields.end()) fields.erase(field);
      } else if (field != fields.end()) {
        field->value = change.value;
      } else {
        fields.push_back(change);
      }
    }
  }
  updated.changeStamp = contact.changeStamp + 1;
  if (edit.status) {
    updated.statusHistory.push_back(
        {updated.status, updated.statusReason, updated.statusUserId, updated.statusTimestamp});
  }
  std::optional<std::vector<std::string>> previousTags;
  if (updated.tags != contact.tags) previousTags = contact.tags;
  contact = std::move(updated);
  save(contact);  // before the observers, whose own changes come later and win
  if (edit.status) {
    for (const auto& observer : observers_) observer(contact, previous, actor);
  }
  if (previousTags) {
    for (const auto& observer : tagObservers_) observer(contact, &*previousTags);
  }
  bus_.publish(ContactChanged{contact, previous});
  return contact;
}

Outcome<Contact> ContactBook::setStatus(std::string_view id, ContactStatus status, std::string reason,
                                        const Actor& actor) {
  ContactEdit e;
  e.status = status;
  e.statusReason = std::move(reason);
  return edit(id, e, actor);
}

void ContactBook::setExtension(std::string_view id, std::string name, std::string value) {
  auto it = contacts_.find(id);
  if (it == contacts_.end()) return;
  auto& fields = it->second.extensionFields;
  auto field = std::find_if(fields.begin(), fields.end(), [&](const auto& f) { return f.name == name; });
  if (field != fields.end()) {
    field->value = std::move(value);
  } else {
    fields.push_back({std::move(name), std::move(value)});
  }
  save(it->second);
}

Outcome<Done> ContactBook::remove(std::string_view id) {
  auto it = contacts_.find(id);
  if (it == contacts_.end()) return Refusal{Refusal::Kind::NotFound, "id", "no contact " + std::string(id)};
  journal_.erase(records::kContacts, it->first);
  contacts_.erase(it);
  return Done{};
}

void ContactBook::save(const Contact& contact) {
  journal_.put(records::kContacts, contact.id, records::encode(contact));
}

void ContactBook::restore(const Snapshot& snapshot) {
  for (const auto& [key, value] : tableOf(snapshot, records::kContacts)) {
    Contact contact = records::decodeContact(value);
    contacts_.insert_or_assign(contact.id, std::move(contact));
  }
}

}  // namespace smfront::core
