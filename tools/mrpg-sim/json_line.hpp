#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mr/codec.hpp"
#include "mr/messages.hpp"

namespace smfront::mrpgsim {

/// One JSON object on one line, built field by field: {"t":1.52,"dir":"out",...}.
class JsonLine {
 public:
  explicit JsonLine(double seconds);

  JsonLine& add(std::string_view key, std::string_view value);
  JsonLine& add(std::string_view key, const char* value) { return add(key, std::string_view(value)); }
  JsonLine& add(std::string_view key, std::uint64_t value);
  JsonLine& add(std::string_view key, std::uint32_t value) { return add(key, std::uint64_t{value}); }
  JsonLine& add(std::string_view key, int value) { return add(key, static_cast<std::uint64_t>(value)); }
  JsonLine& add(std::string_view key, bool value);

  /// @brief The line with its closing brace and newline.
  std::string finish();

 private:
  void key(std::string_view name);
  std::string text_;
};

/// @brief Adds the fields of @p message that a reader of the log needs: type, dlg, seq, inv,
/// and per type the status or code, label, task, ewt, mrd, sel, available, version, idle.
void describe(JsonLine& line, const mr::Message& message);

/// @brief "day_callId_seq", as REST shows an ICMTaskID.
std::string taskIdText(const mr::TaskId& id);

}  // namespace smfront::mrpgsim
