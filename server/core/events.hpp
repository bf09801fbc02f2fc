#pragma once
// The domain events the core publishes on its bus. Doors and services subscribe
// to the alternatives they need; adding a type here never touches a publisher.
#include <cstdint>
#include <variant>

#include "core/domain.hpp"
#include "core/event_bus.hpp"

namespace smfront::core {

/// Published once when every door is listening. Eventing announces it on
/// ccp.serviceability.eventingInfo.
struct ServerStarted {
  std::int64_t atMs = 0;  // wall clock, ms since the Unix epoch
};

/// Published when a graceful stop begins, so long-lived sessions can say goodbye.
struct ServerStopping {
  std::int64_t atMs = 0;
};

/// A contact came in (chat, callback, task, push), with its initial state.
struct ContactCreated {
  Contact contact;
};

/// A contact's status, tags or fields changed; `contact` is the new state.
struct ContactChanged {
  Contact contact;
  ContactStatus previousStatus = ContactStatus::Unread;
};

/// Something happened in a chat room: a message, presence or typing change of
/// the customer or an agent, or a status note for the customer. `event.id` is 0
/// for what the customer's event log does not keep (the customer's typing and
/// presence).
struct ChatActivity {
  std::string contactId;
  std::string room;
  ChatEvent event;
};

/// The chat is over: everybody leaves the room.
struct ChatEnded {
  std::string contactId;
  std::string room;
};

using Event = std::variant<ServerStarted, ServerStopping, ContactCreated, ContactChanged, ChatActivity, ChatEnded>;
using Bus = EventBus<Event>;

}  // namespace smfront::core
