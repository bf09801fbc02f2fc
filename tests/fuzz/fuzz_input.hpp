#pragma once

// Turns one fuzzer input into the several pieces a target needs (a selector, split points,
// successive messages) so that every byte of the input stays under the fuzzer's control.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace smfront::fuzz {

class FuzzInput {
 public:
  FuzzInput(const std::uint8_t* data, std::size_t size)
      : rest_(reinterpret_cast<const char*>(data), size) {}

  /// @brief The next byte, or 0 once the input is used up.
  std::uint8_t takeByte() noexcept {
    if (rest_.empty()) return 0;
    const auto byte = static_cast<std::uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return byte;
  }

  /// @brief Up to @p n bytes from the front.
  std::string_view take(std::size_t n) noexcept {
    const std::string_view head = rest_.substr(0, n);
    rest_.remove_prefix(head.size());
    return head;
  }

  std::string_view rest() const noexcept { return rest_; }
  bool empty() const noexcept { return rest_.empty(); }

 private:
  std::string_view rest_;
};

/// Separates the successive messages of one input (SASL steps, server replies); chosen to be
/// rare in real messages and listed in the dictionaries.
inline constexpr std::string_view kMessageSeparator = "\n~~\n";

/// @brief @p input cut at every kMessageSeparator.
inline std::vector<std::string_view> splitMessages(std::string_view input) {
  std::vector<std::string_view> parts;
  for (;;) {
    const auto at = input.find(kMessageSeparator);
    parts.push_back(input.substr(0, at));
    if (at == std::string_view::npos) return parts;
    input.remove_prefix(at + kMessageSeparator.size());
  }
}

/// @brief @p bytes cut into chunks whose lengths come from @p seed, a byte at a time, so the
/// fuzzer chooses where a parser sees a chunk end. A zero length byte means "the rest".
inline std::vector<std::string_view> splitChunks(std::string_view bytes, std::string_view seed) {
  std::vector<std::string_view> chunks;
  std::size_t i = 0;
  while (!bytes.empty()) {
    const std::size_t n = i < seed.size() ? static_cast<std::uint8_t>(seed[i++]) : 0;
    const std::size_t len = n == 0 ? bytes.size() : n;
    chunks.push_back(bytes.substr(0, len));
    bytes.remove_prefix(chunks.back().size());
  }
  return chunks;
}

}  // namespace smfront::fuzz
