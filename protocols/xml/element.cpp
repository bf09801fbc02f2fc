#include "xml/element.hpp"

#include <algorithm>

namespace smfront::xml {

namespace {

template <typename Attrs>
auto findAttr(Attrs& attrs, std::string_view name, std::string_view ns) noexcept {
  return std::find_if(attrs.begin(), attrs.end(),
                      [&](const Attribute& a) { return a.name == name && a.ns == ns; });
}

template <typename Nodes>
auto findChild(Nodes& nodes, std::string_view name, const std::string_view* ns) noexcept
    -> decltype(nodes.front().element()) {
  for (auto& node : nodes) {
    auto* e = node.element();
    if (e != nullptr && e->name() == name && (ns == nullptr || e->ns() == *ns)) return e;
  }
  return nullptr;
}

}  // namespace

Element::Element(std::string name, std::string ns) : name_(std::move(name)), ns_(std::move(ns)) {}

const std::string* Element::attr(std::string_view name, std::string_view ns) const noexcept {
  auto it = findAttr(attributes_, name, ns);
  return it == attributes_.end() ? nullptr : &it->value;
}

std::string Element::attrOr(std::string_view name, std::string_view fallback) const {
  const std::string* value = attr(name);
  return value != nullptr ? *value : std::string(fallback);
}

Element& Element::setAttr(std::string_view name, std::string value, std::string_view ns) {
  auto it = findAttr(attributes_, name, ns);
  if (it != attributes_.end()) {
    it->value = std::move(value);
  } else {
    attributes_.push_back(Attribute{std::string(name), std::string(ns), std::move(value)});
  }
  return *this;
}

bool Element::removeAttr(std::string_view name, std::string_view ns) {
  auto it = findAttr(attributes_, name, ns);
  if (it == attributes_.end()) return false;
  attributes_.erase(it);
  return true;
}

Element& Element::addChild(Element child) { return *nodes_.emplace_back(std::move(child)).element(); }

Element& Element::addText(std::string_view text) {
  if (text.empty()) return *this;
  if (!nodes_.empty() && nodes_.back().isText()) {
    nodes_.back().text()->append(text);
  } else {
    nodes_.emplace_back(std::string(text));
  }
  return *this;
}

const Element* Element::child(std::string_view name) const noexcept {
  return findChild(nodes_, name, nullptr);
}

const Element* Element::child(std::string_view name, std::string_view ns) const noexcept {
  return findChild(nodes_, name, &ns);
}

Element* Element::child(std::string_view name) noexcept { return findChild(nodes_, name, nullptr); }

Element* Element::child(std::string_view name, std::string_view ns) noexcept {
  return findChild(nodes_, name, &ns);
}

Element::ChildRange Element::children() const noexcept {
  return ChildRange(nodes_.data(), nodes_.data() + nodes_.size(), {});
}

Element::ChildRange Element::children(std::string_view name) const noexcept {
  return ChildRange(nodes_.data(), nodes_.data() + nodes_.size(), {name, {}, true, false});
}

Element::ChildRange Element::children(std::string_view name, std::string_view ns) const noexcept {
  return ChildRange(nodes_.data(), nodes_.data() + nodes_.size(), {name, ns, true, true});
}

std::string Element::text() const {
  std::string out;
  for (const Node& node : nodes_) {
    if (const std::string* t = node.text()) out += *t;
  }
  return out;
}

std::string Element::childText(std::string_view name) const {
  const Element* e = child(name);
  return e != nullptr ? e->text() : std::string();
}

std::string Element::childText(std::string_view name, std::string_view ns) const {
  const Element* e = child(name, ns);
  return e != nullptr ? e->text() : std::string();
}

bool Element::isEmpty() const noexcept { return nodes_.empty(); }

bool operator==(const Element& a, const Element& b) {
  return a.name_ == b.name_ && a.ns_ == b.ns_ && a.attributes_ == b.attributes_ && a.nodes_ == b.nodes_;
}

}  // namespace smfront::xml
