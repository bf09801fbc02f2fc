#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "bosh/condition.hpp"
#include "xml/element.hpp"

namespace smfront::bosh {

/// Largest rid accepted: 2^53 - 1, so that JavaScript clients can count past it exactly.
inline constexpr std::uint64_t kMaxRid = (std::uint64_t{1} << 53) - 1;

/// Caps on one request body, applied before and while parsing.
struct RequestLimits {
  /// Bytes of the whole HTTP body (spec §4.2: 1 MiB).
  std::size_t maxBodyBytes = 1 << 20;
  /// Element nesting, <body/> being level 1; stanzas sit at level 2.
  std::size_t maxDepth = 32;
};

/// One decoded <body/> wrapper: the attributes the connection manager acts on and the
/// stanzas it carries. Numeric attributes were checked for syntax; whether a value is
/// acceptable for the session (hold='0', pause above maxpause) is decided later.
struct Request {
  std::uint64_t rid = 0;                 ///< 1..kMaxRid
  std::string sid;                       ///< empty: a session creation request
  std::optional<std::uint64_t> wait;     ///< seconds
  std::optional<std::uint64_t> hold;
  std::optional<std::uint64_t> ack;      ///< creation: '1' asks for acks; later: highest rid answered
  std::optional<std::uint64_t> pause;    ///< seconds
  std::string to;
  std::string lang;                      ///< xml:lang
  std::string ver;                       ///< BOSH version, "major.minor"
  std::string content;
  std::string route;
  std::string xmppVersion;               ///< xmpp:version
  bool terminate = false;                ///< type='terminate'
  bool restart = false;                  ///< xmpp:restart='true'
  bool hasKey = false;                   ///< key or newkey present (accepted, not enforced)
  /// Child elements in order. Children in the httpbind namespace (clients that leave the
  /// stanza namespace out inherit it from <body/>) are moved to jabber:client.
  std::vector<xml::Element> payload;

  bool isCreation() const noexcept { return sid.empty(); }
};

/// Why a body was refused before any session looked at it.
struct Rejection {
  Condition condition = Condition::BadRequest;
  /// The sid, when the body was readable enough to name one, so that the door can end that
  /// session (a client that sends garbage on a live session loses it, XEP-0124 §17).
  std::string sid;
  std::string detail;  ///< for the log
};

/// A parsed request or the reason there is none.
class ParsedRequest {
 public:
  ParsedRequest(Request request) : value_(std::move(request)) {}
  ParsedRequest(Rejection rejection) : value_(std::move(rejection)) {}

  bool ok() const noexcept { return value_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  /// @brief The request; throws std::bad_variant_access when !ok().
  const Request& value() const& { return std::get<Request>(value_); }
  Request& value() & { return std::get<Request>(value_); }
  Request&& value() && { return std::get<Request>(std::move(value_)); }
  const Request* operator->() const { return &value(); }

  /// @brief The refusal; throws std::bad_variant_access when ok().
  const Rejection& rejection() const { return std::get<Rejection>(value_); }

 private:
  std::variant<Request, Rejection> value_;
};

/// @brief Decodes one HTTP request body.
///
/// Refusals: a body over RequestLimits::maxBodyBytes, or XML over the parser's size, depth or
/// attribute caps -> policy-violation; anything not well-formed, a DOCTYPE or entity, a root
/// other than httpbind <body/>, a missing or malformed rid (digits only, 1..2^53-1), or a
/// malformed wait, hold, ack or pause -> bad-request.
ParsedRequest parseRequest(std::string_view bytes, const RequestLimits& limits = {});

/// @brief Strict unsigned decimal: ASCII digits only, no sign, no space, no overflow.
std::optional<std::uint64_t> parseUnsigned(std::string_view text) noexcept;

}  // namespace smfront::bosh
