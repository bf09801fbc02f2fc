#include "eventing/disco.hpp"

#include "eventing/stanzas.hpp"

namespace smfront::eventing {

xml::Element discoInfo(const DiscoIdentity& identity, const std::vector<std::string_view>& features) {
  xml::Element query("query", std::string(ns::kDiscoInfo));
  xml::Element id("identity", std::string(ns::kDiscoInfo));
  id.setAttr("category", identity.category);
  id.setAttr("type", identity.type);
  if (!identity.name.empty()) id.setAttr("name", identity.name);
  query.addChild(std::move(id));
  auto feature = [&](std::string_view var) {
    xml::Element f("feature", std::string(ns::kDiscoInfo));
    f.setAttr("var", std::string(var));
    query.addChild(std::move(f));
  };
  feature(ns::kDiscoInfo);
  for (const auto var : features) {
    if (var != ns::kDiscoInfo) feature(var);
  }
  return query;
}

xml::Element discoItems(const std::vector<DiscoItem>& items) {
  xml::Element query("query", std::string(ns::kDiscoItems));
  for (const auto& item : items) {
    xml::Element e("item", std::string(ns::kDiscoItems));
    e.setAttr("jid", item.jid);
    if (!item.node.empty()) e.setAttr("node", item.node);
    if (!item.name.empty()) e.setAttr("name", item.name);
    query.addChild(std::move(e));
  }
  return query;
}

}  // namespace smfront::eventing
