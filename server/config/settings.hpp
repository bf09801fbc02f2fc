#pragma once
// The configuration as tables: each section lists its settings once, with the
// key, the member and what the member accepts, and both the loader and the
// printer go by that list (in its order, which is the order of --print-config
// and of docs/configuration.md). A setting that fits no kind below is custom:
// it brings its own read and write (a check across settings brings a read only).
//
// Included by the loader and the printer only: it brings Boost.JSON along.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "config/choice.hpp"
#include "config/json_reader.hpp"

namespace smfront::config::detail {

template <class S>
struct Setting {
  std::string_view key;
  std::function<void(ObjectReader& in, S& out)> read;
  std::function<boost::json::value(const S& in, bool maskSecrets)> write;
};

template <class S>
using Section = std::vector<Setting<S>>;

/// Inclusive bounds of a number (or of a duration, in its unit).
struct Range {
  std::int64_t min;
  std::int64_t max;
};

template <class S>
void readSection(ObjectReader& in, S& out, const Section<S>& section) {
  for (const Setting<S>& setting : section) setting.read(in, out);
}

template <class S>
boost::json::object writeSection(const S& in, const Section<S>& section, bool maskSecrets) {
  boost::json::object out;
  for (const Setting<S>& setting : section) {
    if (setting.write) out.emplace(setting.key, setting.write(in, maskSecrets));  // checks write nothing
  }
  return out;
}

template <class S>
Setting<S> flag(std::string_view key, bool S::*member) {
  return {key, [key, member](ObjectReader& in, S& out) { in.boolean(key, out.*member); },
          [member](const S& in, bool) { return boost::json::value(in.*member); }};
}

template <class S>
Setting<S> text(std::string_view key, std::string S::*member, TextRule rule = kAnyText) {
  return {key, [key, member, rule](ObjectReader& in, S& out) { in.text(key, out.*member, rule); },
          [member](const S& in, bool) { return boost::json::value(in.*member); }};
}

/// Text every object of its kind must carry (list items: a user's name, a feed's).
template <class S>
Setting<S> requiredText(std::string_view key, std::string S::*member, TextRule rule = kNonEmpty) {
  return {key,
          [key, member, rule](ObjectReader& in, S& out) {
            if (in.require(key)) in.text(key, out.*member, rule);
          },
          [member](const S& in, bool) { return boost::json::value(in.*member); }};
}

/// A password: printed as "******" unless asked for in full (when set).
template <class S>
Setting<S> secret(std::string_view key, std::string S::*member, TextRule rule = kAnyText) {
  return {key, [key, member, rule](ObjectReader& in, S& out) { in.text(key, out.*member, rule); },
          [member](const S& in, bool mask) {
            return boost::json::value(mask && !(in.*member).empty() ? std::string("******") : in.*member);
          }};
}

template <class S>
Setting<S> path(std::string_view key, std::filesystem::path S::*member, TextRule rule = kAnyText) {
  return {key, [key, member, rule](ObjectReader& in, S& out) { in.path(key, out.*member, rule); },
          [member](const S& in, bool) { return boost::json::value((in.*member).string()); }};
}

template <class S, class T>
Setting<S> number(std::string_view key, T S::*member, Range range) {
  return {key, [key, member, range](ObjectReader& in, S& out) { in.integer(key, out.*member, range.min, range.max); },
          [member](const S& in, bool) { return boost::json::value(in.*member); }};
}

template <class S>
Setting<S> millis(std::string_view key, std::chrono::milliseconds S::*member, Range range) {
  return {key, [key, member, range](ObjectReader& in, S& out) { in.millis(key, out.*member, range.min, range.max); },
          [member](const S& in, bool) { return boost::json::value((in.*member).count()); }};
}

template <class S>
Setting<S> seconds(std::string_view key, std::chrono::seconds S::*member, Range range) {
  return {key,
          [key, member, range](ObjectReader& in, S& out) {
            std::int64_t value = (out.*member).count();
            if (in.integer(key, value, range.min, range.max)) out.*member = std::chrono::seconds(value);
          },
          [member](const S& in, bool) { return boost::json::value((in.*member).count()); }};
}

/// One of the words of a described enum (config/choice.hpp).
template <class S, class E>
Setting<S> choice(std::string_view key, E S::*member) {
  return {key, [key, member](ObjectReader& in, S& out) { in.choice(key, out.*member); },
          [member](const S& in, bool) { return boost::json::value(choiceName(in.*member)); }};
}

/// A list of strings, each checked by `rule`; elements that fail are reported.
template <class S>
Setting<S> strings(std::string_view key, std::vector<std::string> S::*member, TextRule rule = kAnyText) {
  return {key, [key, member, rule](ObjectReader& in, S& out) { in.strings(key, out.*member, rule); },
          [member](const S& in, bool) { return boost::json::value(boost::json::array((in.*member).begin(), (in.*member).end())); }};
}

/// A nested object read and written by its own table.
template <class S, class T>
Setting<S> section(std::string_view key, T S::*member, const Section<T>& table) {
  return {key,
          [key, member, &table](ObjectReader& in, S& out) {
            ObjectReader nested = in.section(key);
            readSection(nested, out.*member, table);
          },
          [member, &table](const S& in, bool mask) { return boost::json::value(writeSection(in.*member, table, mask)); }};
}

}  // namespace smfront::config::detail
