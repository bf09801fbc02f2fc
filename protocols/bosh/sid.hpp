#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace smfront::bosh {

/// Bytes of randomness in a sid (spec §3: 128 bits).
inline constexpr std::size_t kSidBytes = 16;

/// @brief The sid (and authid) for @p random, drawn by the caller from a CSPRNG: 32
/// lower-case hex digits. Kept apart from the draw so that the machine stays deterministic.
std::string formatSid(const std::array<std::uint8_t, kSidBytes>& random);

}  // namespace smfront::bosh
