#pragma once

#include <utility>
#include <variant>

#include "ccp/api_errors.hpp"

namespace smfront::ccp {

/// Outcome of parsing a request: the value, or every problem found (never an empty list).
template <typename T>
class Parsed {
 public:
  Parsed(T value) : value_(std::move(value)) {}
  Parsed(Problems problems) : value_(std::move(problems)) {}

  bool ok() const noexcept { return value_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  /// @brief The value; throws std::bad_variant_access when !ok().
  const T& value() const& { return std::get<0>(value_); }
  T& value() & { return std::get<0>(value_); }
  T&& value() && { return std::get<0>(std::move(value_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  /// @brief The problems; throws std::bad_variant_access when ok().
  const Problems& problems() const { return std::get<1>(value_); }

 private:
  std::variant<T, Problems> value_;
};

}  // namespace smfront::ccp
