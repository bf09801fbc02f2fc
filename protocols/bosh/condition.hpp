#pragma once

#include <string_view>

namespace smfront::bosh {

/// Terminal binding conditions (XEP-0124 §17, XEP-0206 §6) carried in
/// <body type='terminate' condition='...'/>. Every one of them goes out as HTTP 200.
enum class Condition {
  None,  ///< a plain terminate, as the answer to a client's own terminate
  BadRequest,
  HostGone,
  HostUnknown,
  ImproperAddressing,
  InternalServerError,
  ItemNotFound,
  OtherRequest,
  PolicyViolation,
  RemoteConnectionFailed,
  RemoteStreamError,
  SeeOtherUri,
  SystemShutdown,
  UndefinedCondition,
};

/// @brief Wire name of @p condition, e.g. "item-not-found"; empty for Condition::None.
std::string_view toString(Condition condition) noexcept;

}  // namespace smfront::bosh
