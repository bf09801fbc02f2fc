#pragma once
// What the route files share: the core, its services, the accounts and the
// URLs the configuration sets.
#include <cstddef>
#include <memory>
#include <string>

#include "api/auth.hpp"
#include "api/public_base_url.hpp"
#include "core/core.hpp"
#include "core/services.hpp"

namespace smfront::security {
class KeyedRate;
}
namespace smfront::telemetry {
class LimitRefusals;
}

namespace smfront::api {

struct ApiContext {
  core::Core& core;
  core::Services& services;
  Accounts accounts;
  PublicBaseUrls publicBaseUrl;  // <base> of the URLs written, per door
  std::string chatRedirectUrl;   // empty: <base>/chat.html?resume=1
  std::size_t chatMessageChars = 10000;  // limits.chat_message_chars
  // limits.new_contacts_per_address_per_minute: chats, callbacks and tasks; null: unlimited.
  std::shared_ptr<security::KeyedRate> newContactsPerAddress{};
  telemetry::LimitRefusals* limitRefusals = nullptr;  // where refusals by a limit are counted
};

}  // namespace smfront::api
