#pragma once
// XEP-0030 answers: who an address is and what it offers (disco#info), and
// what sits behind it (disco#items).
#include <string>
#include <string_view>
#include <vector>

#include "xml/element.hpp"

namespace smfront::eventing {

struct DiscoIdentity {
  std::string category;
  std::string type;
  std::string name;  // empty: left out
};

/// One disco#items entry: an address, optionally a node and a name.
struct DiscoItem {
  std::string jid;
  std::string node;
  std::string name;
};

/// @brief <query xmlns='disco#info'> with @p identity and @p features (disco#info is always listed).
xml::Element discoInfo(const DiscoIdentity& identity, const std::vector<std::string_view>& features);
/// @brief <query xmlns='disco#items'> listing @p items.
xml::Element discoItems(const std::vector<DiscoItem>& items);

}  // namespace smfront::eventing
