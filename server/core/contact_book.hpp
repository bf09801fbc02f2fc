#pragma once
// Every contact the server knows, and the one way to change them: through the
// status machine, with changeStamp bookkeeping and a bus event per change.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/contact_status.hpp"
#include "core/domain.hpp"
#include "core/events.hpp"
#include "core/journal.hpp"

namespace smfront::core {

/// A change a user asks for; absent members stay as they are.
struct ContactEdit {
  std::optional<ContactStatus> status;
  std::optional<std::string> statusReason;
  std::optional<std::int64_t> changeStamp;      // must match when given
  std::optional<std::int64_t> statusTimestamp;  // must match when given
  std::optional<std::vector<std::string>> tags;               // replaces the set
  std::optional<std::vector<ExtensionField>> extensionFields;  // each sets one; empty value deletes
  std::optional<std::string> statusUserId;  // the server assigning a contact names the agent
};

/// A new contact of `feed`: a fresh id, the request's tags followed by the
/// feed's own (each once), everything else as given.
Contact newContactOf(const Feed& feed, SourceType type, std::string author, std::string title,
                     std::string description, std::vector<std::string> tags,
                     std::vector<ExtensionField> extensionFields);

class ContactBook {
 public:
  using StatusObserver = std::function<void(const Contact& now, ContactStatus previous, const Actor& actor)>;
  /// `previous` is null for a new contact (all its tags count as applied).
  using TagObserver = std::function<void(const Contact& now, const std::vector<std::string>* previous)>;

  ContactBook(Bus& bus, const Clock& clock, Journal& journal) : bus_(bus), clock_(clock), journal_(journal) {}
  /// Takes back what an earlier run stored (before serving starts; nothing is announced).
  void restore(const Snapshot& snapshot);

  /// Adds a new contact (id, dates and stamp set here) and announces it.
  const Contact& add(Contact contact);
  const Contact* find(std::string_view id) const;
  std::vector<const Contact*> all() const;
  /// Up to `max` contacts with ids after `id` (all when empty), in id order: a
  /// walk over every contact in pieces that survives changes in between.
  std::vector<const Contact*> after(std::string_view id, std::size_t max) const;
  std::size_t size() const { return contacts_.size(); }

  /// Applies `edit` for `actor`; status changes pass the status machine and set
  /// statusUserId (to the actor, or keep it for the server) and statusTimestamp.
  Outcome<Contact> edit(std::string_view id, const ContactEdit& edit, const Actor& actor);
  /// A status change by `actor` with its reason, as edit() does it.
  Outcome<Contact> setStatus(std::string_view id, ContactStatus status, std::string reason, const Actor& actor);
  /// Adds or replaces one extension field (server-side bookkeeping such as the chat room).
  void setExtension(std::string_view id, std::string name, std::string value);
  Outcome<Done> remove(std::string_view id);

  /// Called on every status change, before the bus hears of it (the chat
  /// service ends chats from here, the router frees agents). Observers live
  /// as long as the book.
  void addStatusObserver(StatusObserver observer) { observers_.push_back(std::move(observer)); }
  /// Called when a contact is added and when its tags change, in the same
  /// change (so what observers record is committed with the contact).
  void addTagObserver(TagObserver observer) { tagObservers_.push_back(std::move(observer)); }

 private:
  void save(const Contact& contact);

  Bus& bus_;
  const Clock& clock_;
  Journal& journal_;
  std::map<std::string, Contact, std::less<>> contacts_;
  std::vector<StatusObserver> observers_;
  std::vector<TagObserver> tagObservers_;
};

}  // namespace smfront::core
