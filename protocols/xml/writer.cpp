#include "xml/writer.hpp"

#include <stdexcept>
#include <utility>

namespace smfront::xml {

namespace {

// Prefix bindings the serializer has declared on the current path from the top element.
class PrefixScope {
 public:
  // Returns the prefix bound to @p uri, declaring a fresh one on the element being written.
  const std::string& prefixFor(std::string& out, const std::string& uri) {
    for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
      if (*it->first == uri) return it->second;
    }
    // A counter over the whole output keeps every generated prefix unique, so a nested
    // declaration never shadows one that an outer attribute relies on.
    std::string prefix = "ns" + std::to_string(next_++);
    out += " xmlns:";
    out += prefix;
    out += "=\"";
    appendEscapedAttribute(out, uri);
    out += '"';
    bindings_.emplace_back(&uri, std::move(prefix));
    return bindings_.back().second;
  }

  std::size_t mark() const noexcept { return bindings_.size(); }
  void rewind(std::size_t mark) { bindings_.resize(mark); }

 private:
  std::vector<std::pair<const std::string*, std::string>> bindings_;
  std::size_t next_ = 0;
};

void writeAttribute(std::string& out, std::string_view prefix, std::string_view name,
                    std::string_view value) {
  out += ' ';
  if (!prefix.empty()) {
    out += prefix;
    out += ':';
  }
  out += name;
  out += "=\"";
  appendEscapedAttribute(out, value);
  out += '"';
}

void writeElement(std::string& out, const Element& e, std::string_view parentNs, PrefixScope& scope) {
  out += '<';
  out += e.name();
  if (e.ns() != parentNs) writeAttribute(out, {}, "xmlns", e.ns());

  const std::size_t mark = scope.mark();
  for (const Attribute& a : e.attributes()) {
    if (a.ns.empty()) {
      writeAttribute(out, {}, a.name, a.value);
    } else if (a.ns == kXmlNamespace) {
      writeAttribute(out, "xml", a.name, a.value);
    } else if (a.ns != kXmlnsNamespace) {
      writeAttribute(out, scope.prefixFor(out, a.ns), a.name, a.value);
    }
  }

  if (e.isEmpty()) {
    out += "/>";
  } else {
    out += '>';
    for (const Node& node : e.nodes()) {
      if (const Element* child = node.element()) {
        writeElement(out, *child, e.ns(), scope);
      } else {
        appendEscapedText(out, *node.text());
      }
    }
    out += "</";
    out += e.name();
    out += '>';
  }
  scope.rewind(mark);
}

}  // namespace

void appendSerialized(std::string& out, const Element& element, std::string_view inheritedNs) {
  PrefixScope scope;
  writeElement(out, element, inheritedNs, scope);
}

std::string serialize(const Element& element, std::string_view inheritedNs) {
  std::string out;
  appendSerialized(out, element, inheritedNs);
  return out;
}

Writer& Writer::open(std::string_view name) {
  endStartTag();
  out_ += '<';
  out_ += name;
  openNames_.emplace_back(name);
  inStartTag_ = true;
  return *this;
}

Writer& Writer::open(std::string_view name, std::string_view ns) { return open(name).attr("xmlns", ns); }

Writer& Writer::attr(std::string_view name, std::string_view value) {
  if (!inStartTag_) throw std::logic_error("xml::Writer::attr outside a start tag");
  writeAttribute(out_, {}, name, value);
  return *this;
}

Writer& Writer::text(std::string_view value) {
  endStartTag();
  appendEscapedText(out_, value);
  return *this;
}

Writer& Writer::leaf(std::string_view name, std::string_view value) {
  open(name);
  if (!value.empty()) text(value);
  return close();
}

Writer& Writer::element(const Element& element, std::string_view inheritedNs) {
  endStartTag();
  appendSerialized(out_, element, inheritedNs);
  return *this;
}

Writer& Writer::raw(std::string_view xml) {
  endStartTag();
  out_ += xml;
  return *this;
}

Writer& Writer::close() {
  if (openNames_.empty()) throw std::logic_error("xml::Writer::close with no open element");
  if (inStartTag_) {
    out_ += "/>";
    inStartTag_ = false;
  } else {
    out_ += "</";
    out_ += openNames_.back();
    out_ += '>';
  }
  openNames_.pop_back();
  return *this;
}

Writer& Writer::closeAll() {
  while (!openNames_.empty()) close();
  return *this;
}

std::string Writer::take() {
  endStartTag();
  return std::exchange(out_, {});
}

void Writer::endStartTag() {
  if (inStartTag_) {
    out_ += '>';
    inStartTag_ = false;
  }
}

}  // namespace smfront::xml
