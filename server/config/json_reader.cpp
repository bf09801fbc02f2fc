#include "config/json_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include <boost/json/serialize.hpp>

namespace smfront::config::detail {

namespace json = boost::json;

namespace {

bool nonEmpty(std::string_view text) { return !text.empty(); }

std::string integerReason(std::int64_t min, std::int64_t max) {
  return "must be an integer between " + std::to_string(min) + " and " + std::to_string(max);
}

// JSON numbers arrive as int64, uint64 or double ("1e6"); any of them is fine
// as long as it is a whole number in range.
bool asInteger(const json::value& value, std::int64_t& out) {
  if (value.is_int64()) {
    out = value.get_int64();
    return true;
  }
  if (value.is_uint64()) {
    if (value.get_uint64() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return false;
    out = static_cast<std::int64_t>(value.get_uint64());
    return true;
  }
  if (value.is_double()) {
    const double d = value.get_double();
    // 2^63 bounds, exactly representable as double.
    if (!std::isfinite(d) || std::trunc(d) != d || d < -9223372036854775808.0 ||
        d >= 9223372036854775808.0)
      return false;
    out = static_cast<std::int64_t>(d);
    return true;
  }
  return false;
}

}  // namespace

const TextRule kNonEmpty{nonEmpty, "must be a non-empty string"};

std::string childPath(std::string_view parent, std::string_view key) {
  std::string path(parent);
  if (!path.empty()) path += '.';
  path += key;
  return path;
}

std::string indexPath(std::string_view array, std::size_t index) {
  return std::string(array) + '[' + std::to_string(index) + ']';
}

std::string got(const json::value& value) {
  constexpr std::size_t kMaxShown = 80;
  std::string shown;
  if (value.is_double()) {
    // Boost.JSON would print 1024.5 as 1.0245E3; show it the way it was typed.
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value.get_double());
    shown.assign(buffer, result.ptr);
  } else {
    shown = json::serialize(value);
  }
  if (shown.size() > kMaxShown) shown = shown.substr(0, kMaxShown) + "...";
  return " (got " + shown + ")";
}

void report(Errors& errors, std::string_view path, std::string_view reason) {
  std::string message(path.empty() ? std::string_view("top level") : path);
  message += ": ";
  message += reason;
  errors.push_back(std::move(message));
}

ObjectReader::ObjectReader(const json::value* value, std::string path, Errors& errors)
    : path_(std::move(path)), errors_(errors) {
  if (value == nullptr) return;
  object_ = value->if_object();
  if (object_ == nullptr) reject({}, "must be an object", *value);
}

ObjectReader::~ObjectReader() {
  if (object_ == nullptr) return;
  for (const auto& entry : *object_) {
    const std::string_view key = entry.key();
    if (std::find(taken_.begin(), taken_.end(), key) == taken_.end())
      errors_.push_back("unknown key \"" + pathOf(key) + "\"");
  }
}

void ObjectReader::fail(std::string_view key, std::string_view reason) {
  ++failures_;
  report(errors_, key.empty() ? path_ : pathOf(key), reason);
}

void ObjectReader::reject(std::string_view key, std::string_view reason,
                          const json::value& value) {
  fail(key, std::string(reason) + got(value));
}

const json::value* ObjectReader::take(std::string_view key) {
  if (object_ == nullptr) return nullptr;
  taken_.emplace_back(key);
  return object_->if_contains(key);
}

bool ObjectReader::require(std::string_view key) {
  if (object_ == nullptr) return false;
  if (object_->contains(key)) return true;
  fail(key, "is required");
  return false;
}

ObjectReader ObjectReader::section(std::string_view key) {
  return ObjectReader(take(key), pathOf(key), errors_);
}

const json::array* ObjectReader::array(std::string_view key) {
  const json::value* value = take(key);
  if (value == nullptr) return nullptr;
  if (!value->is_array()) {
    reject(key, "must be an array", *value);
    return nullptr;
  }
  return &value->get_array();
}

bool ObjectReader::text(std::string_view key, std::string& out, const TextRule& rule) {
  const json::value* value = take(key);
  if (value == nullptr) return false;
  if (!value->is_string()) {
    reject(key, "must be a string", *value);
    return false;
  }
  const std::string_view text = value->get_string();
  if (rule.accepts != nullptr && !rule.accepts(text)) {
    reject(key, rule.reason, *value);
    return false;
  }
  out = text;
  return true;
}

bool ObjectReader::boolean(std::string_view key, bool& out) {
  const json::value* value = take(key);
  if (value == nullptr) return false;
  if (!value->is_bool()) {
    reject(key, "must be true or false", *value);
    return false;
  }
  out = value->get_bool();
  return true;
}

bool ObjectReader::path(std::string_view key, std::filesystem::path& out, const TextRule& rule) {
  std::string text;
  if (!this->text(key, text, rule)) return false;
  out = text;
  return true;
}

bool ObjectReader::millis(std::string_view key, std::chrono::milliseconds& out, std::int64_t min,
                          std::int64_t max) {
  std::int64_t value = 0;
  if (!readInteger(key, value, min, max)) return false;
  out = std::chrono::milliseconds(value);
  return true;
}

bool ObjectReader::readInteger(std::string_view key, std::int64_t& out, std::int64_t min,
                               std::int64_t max) {
  const json::value* value = take(key);
  if (value == nullptr) return false;
  std::int64_t number = 0;
  if (!asInteger(*value, number) || number < min || number > max) {
    reject(key, integerReason(min, max), *value);
    return false;
  }
  out = number;
  return true;
}

bool ObjectReader::strings(std::string_view key, std::vector<std::string>& out, const TextRule& rule) {
  const json::array* list = array(key);
  if (list == nullptr) return false;
  const std::string listPath = pathOf(key);
  out.clear();
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json::string* text = (*list)[i].if_string();
    if (text == nullptr || (rule.accepts != nullptr && !rule.accepts(*text))) {
      const std::string reason = text == nullptr ? std::string("must be a string") : std::string(rule.reason);
      ++failures_;
      report(errors_, indexPath(listPath, i), reason + got((*list)[i]));
      continue;
    }
    out.emplace_back(*text);
  }
  return true;
}

}  // namespace smfront::config::detail
