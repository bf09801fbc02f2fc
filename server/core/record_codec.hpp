#pragma once
// The store's record codec, derived from the Boost.Describe descriptions of the
// domain's types (core/domain.hpp): a described struct is a JSON object with one
// member per described member, under the member's own name. Reading starts from
// the type's defaults and keeps them for what is missing or of another type;
// unknown members are ignored (records written by a newer version); a described
// enum value that names nothing is an error (the record is damaged).
//
// Included by records.cpp only: it brings Boost.JSON, Describe and PFR along.
#include <algorithm>
#include <array>
#include <boost/describe/enum_from_string.hpp>
#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/json.hpp>
#include <boost/mp11/algorithm.hpp>
#include <boost/pfr/core.hpp>
#include <cctype>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "core/domain.hpp"

namespace smfront::core::records::codec {

namespace json = boost::json;
namespace describe = boost::describe;

/// Two-member records written as a two-element array, [name, value], to keep
/// long lists (extension fields, participants) small.
template <class T>
inline constexpr bool kWrittenAsPair = false;
template <>
inline constexpr bool kWrittenAsPair<ExtensionField> = true;
template <>
inline constexpr bool kWrittenAsPair<ChatParticipant> = true;

template <class T>
using Members = describe::describe_members<T, describe::mod_public>;

/// Whether PFR may count T's members: GCC 12 fails inside PFR on a struct with a
/// std::array member, so NewRequest's description is checked by its round-trip
/// test instead.
template <class T>
inline constexpr bool kMembersCountable = true;
template <>
inline constexpr bool kMembersCountable<NewRequest> = false;

/// A description that misses a member would silently drop it from the store.
template <class T>
constexpr bool describesEveryMember() {
  if constexpr (kMembersCountable<T>) return boost::mp11::mp_size<Members<T>>::value == boost::pfr::tuple_size_v<T>;
  else return true;
}

inline std::string lowerCase(const char* name) {
  std::string out(name);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

template <class E>
std::string enumName(E value) {
  std::string out;
  boost::mp11::mp_for_each<describe::describe_enumerators<E>>([&](auto d) {
    if (d.value == value) out = lowerCase(d.name);
  });
  if (out.empty()) throw std::logic_error("an enum value without a name");
  return out;
}

template <class E>
E enumOf(std::string_view name) {
  std::optional<E> found;
  boost::mp11::mp_for_each<describe::describe_enumerators<E>>([&](auto d) {
    if (lowerCase(d.name) == name) found = d.value;
  });
  if (!found) throw std::runtime_error("unknown value '" + std::string(name) + "'");
  return *found;
}

template <class T>
json::value write(const T& value);
/// False, and `out` unchanged, when `v` is not of T's JSON type.
template <class T>
bool read(const json::value& v, T& out);

// Lists: elements of another type are left out.
template <class T>
json::value writeOther(const std::vector<T>& values) {
  json::array a;
  for (const auto& v : values) a.push_back(write(v));
  return a;
}
template <class T>
bool readOther(const json::value& v, std::vector<T>& out) {
  const auto* array = v.if_array();
  if (array == nullptr) return false;
  out.clear();
  for (const auto& element : *array) {
    T item{};
    if (read(element, item)) out.push_back(std::move(item));
  }
  return true;
}

// Pairs of strings, as [first, second].
inline json::value writeOther(const std::pair<std::string, std::string>& p) { return json::array{json::string(p.first), json::string(p.second)}; }
inline bool readOther(const json::value& v, std::pair<std::string, std::string>& out) {
  const auto* pair = v.if_array();
  if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_string() || !(*pair)[1].is_string()) return false;
  out = {std::string((*pair)[0].as_string()), std::string((*pair)[1].as_string())};
  return true;
}

// Numbered slots of which few are set (call variables): [[index, value], ...].
template <std::size_t N>
json::value writeOther(const std::array<std::optional<std::string>, N>& slots) {
  json::array a;
  for (std::size_t i = 0; i < N; ++i) {
    if (slots[i]) a.emplace_back(json::array{static_cast<std::int64_t>(i), json::string(*slots[i])});
  }
  return a;
}
template <std::size_t N>
bool readOther(const json::value& v, std::array<std::optional<std::string>, N>& out) {
  const auto* array = v.if_array();
  if (array == nullptr) return false;
  for (const auto& element : *array) {
    const auto* pair = element.if_array();
    if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_int64() || !(*pair)[1].is_string()) continue;
    const auto index = (*pair)[0].as_int64();
    if (index >= 0 && static_cast<std::size_t>(index) < N) out[static_cast<std::size_t>(index)] = std::string((*pair)[1].as_string());
  }
  return true;
}

template <class T>
json::value write(const T& value) {
  if constexpr (std::is_same_v<T, std::string>) {
    return json::string(value);
  } else if constexpr (std::is_same_v<T, bool>) {
    return value;
  } else if constexpr (std::is_integral_v<T>) {
    return static_cast<std::int64_t>(value);
  } else if constexpr (std::is_enum_v<T>) {
    if constexpr (describe::has_describe_enumerators<T>::value) return json::string(enumName(value));
    else return static_cast<std::int64_t>(value);
  } else if constexpr (kWrittenAsPair<T>) {
    json::array pair;
    boost::mp11::mp_for_each<Members<T>>([&](auto d) { pair.emplace_back(write(value.*d.pointer)); });
    return pair;
  } else if constexpr (describe::has_describe_members<T>::value) {
    static_assert(describesEveryMember<T>(), "the description must list every member");
    json::object object;
    boost::mp11::mp_for_each<Members<T>>([&](auto d) { object[d.name] = write(value.*d.pointer); });
    return object;
  } else {
    return writeOther(value);
  }
}

template <class T>
bool read(const json::value& v, T& out) {
  if constexpr (std::is_same_v<T, std::string>) {
    if (!v.is_string()) return false;
    out = std::string(v.as_string());
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!v.is_bool()) return false;
    out = v.as_bool();
  } else if constexpr (std::is_integral_v<T>) {
    if (!v.is_int64()) return false;
    out = static_cast<T>(v.as_int64());
  } else if constexpr (std::is_enum_v<T>) {
    if constexpr (describe::has_describe_enumerators<T>::value) {
      if (!v.is_string()) return false;
      out = enumOf<T>(v.as_string());
    } else {
      if (!v.is_int64()) return false;
      out = static_cast<T>(v.as_int64());
    }
  } else if constexpr (kWrittenAsPair<T>) {
    const auto* pair = v.if_array();
    if (pair == nullptr || pair->size() != 2) return false;
    T item{};
    std::size_t i = 0;
    bool ok = true;
    boost::mp11::mp_for_each<Members<T>>([&](auto d) { ok = read((*pair)[i++], item.*d.pointer) && ok; });
    if (ok) out = std::move(item);
    return ok;
  } else if constexpr (describe::has_describe_members<T>::value) {
    const auto* object = v.if_object();
    if (object == nullptr) return false;
    boost::mp11::mp_for_each<Members<T>>([&](auto d) {
      if (const auto* member = object->if_contains(d.name)) read(*member, out.*d.pointer);
    });
  } else {
    return readOther(v, out);
  }
  return true;
}

}  // namespace smfront::core::records::codec
