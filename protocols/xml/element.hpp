#pragma once

#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace smfront::xml {

/// Namespace URI of the reserved `xml:` prefix (xml:lang, xml:space).
inline constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";

/// Namespace URI under which a stream header reports the namespace declarations it made
/// (DOM convention): local name is the prefix, or "xmlns" for the default namespace.
inline constexpr std::string_view kXmlnsNamespace = "http://www.w3.org/2000/xmlns/";

/// One attribute, identified by (ns, name) like XML Namespaces does; prefixes are not kept.
struct Attribute {
  std::string name;  ///< local name
  std::string ns;    ///< namespace URI; empty for an unprefixed attribute
  std::string value;

  friend bool operator==(const Attribute&, const Attribute&) = default;
};

class Node;

/// An XML element with namespace-resolved names and ordered mixed content.
///
/// Children are Nodes, each either an Element or a run of text, kept in document order so that
/// serializing a parsed tree reproduces its content. Adjacent text is merged into one node.
/// Lookups are linear: stanzas and REST bodies are small, and a vector keeps moves cheap.
class Element {
 public:
  class ChildRange;

  Element() = default;
  /// @brief Element with local @p name in namespace @p ns (empty: no namespace).
  explicit Element(std::string name, std::string ns = {});

  /// @brief Local name, without prefix.
  const std::string& name() const noexcept { return name_; }
  /// @brief Namespace URI; empty when the element is in no namespace.
  const std::string& ns() const noexcept { return ns_; }
  void setName(std::string name) { name_ = std::move(name); }
  void setNs(std::string ns) { ns_ = std::move(ns); }

  /// @brief All attributes in document (or insertion) order.
  const std::vector<Attribute>& attributes() const noexcept { return attributes_; }
  /// @brief Mutable attributes; the caller keeps (ns, name) pairs unique.
  std::vector<Attribute>& attributes() noexcept { return attributes_; }
  /// @brief Value of attribute @p name in namespace @p ns (empty: unprefixed), or nullptr.
  const std::string* attr(std::string_view name, std::string_view ns = {}) const noexcept;
  /// @brief Value of unprefixed attribute @p name, or @p fallback when absent.
  std::string attrOr(std::string_view name, std::string_view fallback) const;
  /// @brief Sets or replaces attribute (@p ns, @p name); returns *this for chaining.
  Element& setAttr(std::string_view name, std::string value, std::string_view ns = {});
  /// @brief Removes attribute (@p ns, @p name); returns whether it existed.
  bool removeAttr(std::string_view name, std::string_view ns = {});

  /// @brief Appends @p child and returns a reference to the stored copy (valid until the next
  /// change to this element's children).
  Element& addChild(Element child);
  /// @brief Appends text, merging with a preceding text node; returns *this.
  Element& addText(std::string_view text);

  /// @brief All child nodes (elements and text) in order.
  const std::vector<Node>& nodes() const noexcept { return nodes_; }
  std::vector<Node>& nodes() noexcept { return nodes_; }

  /// @brief First child element named @p name in any namespace, or nullptr.
  const Element* child(std::string_view name) const noexcept;
  /// @brief First child element named @p name in namespace @p ns, or nullptr.
  const Element* child(std::string_view name, std::string_view ns) const noexcept;
  Element* child(std::string_view name) noexcept;
  Element* child(std::string_view name, std::string_view ns) noexcept;

  /// @brief Child elements, skipping text.
  ChildRange children() const noexcept;
  /// @brief Child elements named @p name in any namespace.
  ChildRange children(std::string_view name) const noexcept;
  /// @brief Child elements named @p name in namespace @p ns.
  ChildRange children(std::string_view name, std::string_view ns) const noexcept;

  /// @brief Concatenation of the direct text children (not descendants).
  std::string text() const;
  /// @brief text() of the first child named @p name (any namespace); "" when absent.
  std::string childText(std::string_view name) const;
  /// @brief text() of the first child named @p name in namespace @p ns; "" when absent.
  std::string childText(std::string_view name, std::string_view ns) const;

  /// @brief True when the element has no child nodes (attributes do not count).
  bool isEmpty() const noexcept;

  /// Structural equality: names, namespaces, attributes in order, child nodes in order.
  friend bool operator==(const Element& a, const Element& b);

 private:
  std::string name_;
  std::string ns_;
  std::vector<Attribute> attributes_;
  std::vector<Node> nodes_;
};

/// A child of an Element: either an element or a run of character data.
class Node {
 public:
  Node(Element element) : value_(std::move(element)) {}
  Node(std::string text) : value_(std::move(text)) {}

  bool isElement() const noexcept { return value_.index() == 0; }
  bool isText() const noexcept { return value_.index() == 1; }
  /// @brief The element, or nullptr for a text node.
  const Element* element() const noexcept { return std::get_if<Element>(&value_); }
  Element* element() noexcept { return std::get_if<Element>(&value_); }
  /// @brief The text, or nullptr for an element node.
  const std::string* text() const noexcept { return std::get_if<std::string>(&value_); }
  std::string* text() noexcept { return std::get_if<std::string>(&value_); }

  friend bool operator==(const Node&, const Node&) = default;

 private:
  std::variant<Element, std::string> value_;
};

/// Forward range over the child elements of one Element, optionally filtered by name and
/// namespace. Iterators stay valid on their own (not tied to the range object) until the
/// element's children change.
class Element::ChildRange {
  struct Filter {
    std::string_view name;
    std::string_view ns;
    bool byName = false;
    bool byNs = false;

    bool matches(const Node& node) const noexcept {
      const Element* e = node.element();
      return e != nullptr && (!byName || e->name() == name) && (!byNs || e->ns() == ns);
    }
  };

 public:
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Element;
    using difference_type = std::ptrdiff_t;
    using pointer = const Element*;
    using reference = const Element&;

    Iterator() = default;
    reference operator*() const noexcept { return *pos_->element(); }
    pointer operator->() const noexcept { return pos_->element(); }
    Iterator& operator++() noexcept {
      ++pos_;
      settle();
      return *this;
    }
    Iterator operator++(int) noexcept {
      Iterator old = *this;
      ++*this;
      return old;
    }
    friend bool operator==(const Iterator& a, const Iterator& b) noexcept { return a.pos_ == b.pos_; }

   private:
    friend class ChildRange;
    Iterator(const Node* pos, const Node* end, const Filter& filter) noexcept
        : pos_(pos), end_(end), filter_(filter) {
      settle();
    }
    void settle() noexcept {
      while (pos_ != end_ && !filter_.matches(*pos_)) ++pos_;
    }

    const Node* pos_ = nullptr;
    const Node* end_ = nullptr;
    Filter filter_;
  };

  Iterator begin() const noexcept { return Iterator(begin_, end_, filter_); }
  Iterator end() const noexcept { return Iterator(end_, end_, filter_); }
  bool empty() const noexcept { return begin() == end(); }

 private:
  friend class Element;
  ChildRange(const Node* begin, const Node* end, Filter filter) noexcept
      : begin_(begin), end_(end), filter_(filter) {}

  const Node* begin_;
  const Node* end_;
  Filter filter_;
};

}  // namespace smfront::xml
