#pragma once

// Choices where RFC 7622 leaves room or asks for more than this library does:
// - No stringprep/PRECIS. The local part and the domain are folded to lower case for ASCII
//   letters only, as a simple stand-in for nodeprep/nameprep; other bytes are kept as they
//   are (they must be well-formed UTF-8). Two JIDs that differ only in non-ASCII case or in
//   Unicode normalisation therefore stay different. The resource keeps its case.
// - Each part is at most 1023 bytes; a present separator with an empty part around it
//   ("@d", "u@", "d/") is rejected rather than dropped.
// - A single trailing dot of the domain is removed (RFC 7622 3.2), so "d." equals "d".
// - The local part refuses the characters RFC 7622 3.3.1 forbids (" & ' / : < > @) plus
//   space and controls; the domain refuses space, controls, '@' and '/'. No DNS checks.

#include <compare>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace smfront::xmpp {

/// An XMPP address: [local@]domain[/resource], already validated and case-folded.
class Jid {
 public:
  /// Longest allowed local part, domain and resource, each in bytes (RFC 7622 3.1).
  static constexpr std::size_t kMaxPartBytes = 1023;

  /// @brief Parses @p text; nullopt when any part is empty, too long or invalid.
  static std::optional<Jid> parse(std::string_view text);

  /// @brief Builds from parts (@p local and @p resource may be empty: absent); nullopt when a
  /// part is invalid. Used to bind a resource to an authenticated user.
  static std::optional<Jid> make(std::string_view local, std::string_view domain,
                                 std::string_view resource = {});

  Jid() = default;

  const std::string& local() const noexcept { return local_; }
  const std::string& domain() const noexcept { return domain_; }
  const std::string& resource() const noexcept { return resource_; }
  bool hasLocal() const noexcept { return !local_.empty(); }
  bool hasResource() const noexcept { return !resource_.empty(); }
  bool isBare() const noexcept { return resource_.empty(); }

  /// @brief This address without its resource.
  Jid bare() const;
  /// @brief "local@domain" or "domain".
  std::string bareString() const;
  /// @brief "local@domain/resource", leaving out absent parts.
  std::string full() const;
  /// @brief This address with @p resource (validated); nullopt when invalid.
  std::optional<Jid> withResource(std::string_view resource) const;

  friend bool operator==(const Jid&, const Jid&) = default;
  friend auto operator<=>(const Jid&, const Jid&) = default;

 private:
  std::string local_;
  std::string domain_;
  std::string resource_;
};

/// @brief Whether @p local is a valid local part (non-empty, within limits, no forbidden byte).
bool isValidLocalPart(std::string_view local) noexcept;

}  // namespace smfront::xmpp
