#pragma once

// Reading helper shared by the config section readers (private to this folder).
// It remembers the key path so every message can name "users[1].roles[0]", and
// it remembers which keys were read so the rest can be reported as unknown: that
// is what catches typos, since a misspelt key would otherwise silently keep its
// default.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "config/choice.hpp"

namespace smfront::config::detail {

// "key: reason" messages, collected so one run reports every mistake in a file.
using Errors = std::vector<std::string>;

// "a" + "b" -> "a.b"; "" + "b" -> "b".
std::string childPath(std::string_view parent, std::string_view key);
// "users" + 2 -> "users[2]".
std::string indexPath(std::string_view array, std::size_t index);
// " (got ...)" with the offending value as JSON, shortened if long.
std::string got(const boost::json::value& value);
// Records "path: reason"; an empty path stands for the whole document.
void report(Errors& errors, std::string_view path, std::string_view reason);

// A check on a string value; the reason is used when it returns false.
struct TextRule {
  bool (*accepts)(std::string_view) = nullptr;
  std::string_view reason;
};
inline constexpr TextRule kAnyText{};
extern const TextRule kNonEmpty;

class ObjectReader {
 public:
  // `value` may be null (section absent: everything keeps its default) or not
  // an object (reported once, then every read finds nothing).
  ObjectReader(const boost::json::value* value, std::string path, Errors& errors);
  // Reports every key no read asked for.
  ~ObjectReader();

  // Not copyable or movable: section() and by-value parameters rely on
  // guaranteed copy elision, so a reader cannot report its unknown keys twice.
  ObjectReader(const ObjectReader&) = delete;
  ObjectReader& operator=(const ObjectReader&) = delete;

  const std::string& path() const { return path_; }
  std::string pathOf(std::string_view key) const { return childPath(path_, key); }
  Errors& errors() { return errors_; }
  // True once anything was reported for this object or its values.
  bool hasErrors() const { return failures_ > 0; }

  // "path.key: reason"; an empty key names this object itself.
  void fail(std::string_view key, std::string_view reason);

  // The value at `key`, marking the key as known; null when absent.
  const boost::json::value* take(std::string_view key);
  // Reports "is required" when `key` is absent.
  bool require(std::string_view key);

  // Nested object at `key`.
  ObjectReader section(std::string_view key);
  // Array at `key`; null when absent or of another type (reported).
  const boost::json::array* array(std::string_view key);

  // Each reader leaves `out` untouched and returns false when the key is absent
  // or invalid (invalid is reported); returns true when it assigned `out`.
  bool text(std::string_view key, std::string& out, const TextRule& rule = kAnyText);
  bool path(std::string_view key, std::filesystem::path& out, const TextRule& rule = kAnyText);
  // A list of strings, each checked by `rule` (failures reported per element).
  bool strings(std::string_view key, std::vector<std::string>& out, const TextRule& rule = kAnyText);
  bool boolean(std::string_view key, bool& out);
  bool millis(std::string_view key, std::chrono::milliseconds& out, std::int64_t min,
              std::int64_t max);

  // One of the words of the described enum E (config/choice.hpp).
  template <class E>
  bool choice(std::string_view key, E& out) {
    std::string word;
    if (!text(key, word)) return false;
    if (const auto value = choiceOf<E>(word)) {
      out = *value;
      return true;
    }
    fail(key, "must be " + choiceList<E>() + got(boost::json::value(word)));
    return false;
  }

  template <class T>
  bool integer(std::string_view key, T& out, std::int64_t min, std::int64_t max) {
    std::int64_t value = 0;
    if (!readInteger(key, value, min, max)) return false;
    out = static_cast<T>(value);
    return true;
  }

 private:
  bool readInteger(std::string_view key, std::int64_t& out, std::int64_t min, std::int64_t max);
  void reject(std::string_view key, std::string_view reason, const boost::json::value& value);

  const boost::json::object* object_ = nullptr;
  std::string path_;
  Errors& errors_;
  std::vector<std::string> taken_;
  std::size_t failures_ = 0;
};

}  // namespace smfront::config::detail
