#pragma once
// Settings that take one of a few words ("routing": "internal" or "mr") are
// enums, described once (Boost.Describe) beside their struct: the words are the
// value names in kebab case (LoopbackOrAdmin: "loopback-or-admin"), and the
// loader, the printer, the command line and the error messages all read them
// from there, so code compares enums, never strings.
#include <boost/describe/enumerators.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

namespace smfront::config {

namespace detail {
inline std::string kebabCase(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (std::isupper(static_cast<unsigned char>(c)) != 0) {
      if (!out.empty()) out += '-';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}
}  // namespace detail

/// The word for `value`.
template <class E>
std::string choiceName(E value) {
  std::string out;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
    if (d.value == value) out = detail::kebabCase(d.name);
  });
  return out;
}

/// The value `word` names, or nullopt.
template <class E>
std::optional<E> choiceOf(std::string_view word) {
  std::optional<E> out;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
    if (detail::kebabCase(d.name) == word) out = d.value;
  });
  return out;
}

/// The words, for an error: "\"internal\" or \"mr\"".
template <class E>
std::string choiceList() {
  constexpr std::size_t count = boost::mp11::mp_size<boost::describe::describe_enumerators<E>>::value;
  std::string out;
  std::size_t i = 0;
  boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
    if (i > 0) out += i + 1 == count ? " or " : ", ";
    out += '"' + detail::kebabCase(d.name) + '"';
    ++i;
  });
  return out;
}

}  // namespace smfront::config
