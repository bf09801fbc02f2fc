#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "xml/element.hpp"
#include "xml/escape.hpp"

namespace smfront::xml {

/// @brief Serializes @p element as XML text (no XML declaration).
///
/// Element names are written unprefixed, with xmlns="..." only where an element's namespace
/// differs from its parent's (@p inheritedNs for the top element: the default namespace already
/// in scope where the output goes, e.g. "jabber:client" inside a c2s stream). Namespaced
/// attributes get generated prefixes (ns0, ns1, ...) declared where first needed; xml:
/// attributes use the predeclared xml prefix. Attributes in kXmlnsNamespace are skipped, since
/// declarations are derived from the tree. Text and attribute values are escaped and stripped
/// of characters XML cannot carry; names are written as given and must be valid XML names.
std::string serialize(const Element& element, std::string_view inheritedNs = {});

/// @brief Same as serialize(), appending to @p out.
void appendSerialized(std::string& out, const Element& element, std::string_view inheritedNs = {});

/// Streaming builder for replies that do not need a tree.
///
/// Tracks open elements, so close() needs no name; writes <x/> for elements closed with no
/// content; escapes every text and attribute value. Names and raw() input are trusted.
/// Misuse (attr() outside a start tag, close() with nothing open) throws std::logic_error.
///
///   Writer w;
///   w.open("presence").attr("to", jid).leaf("status", text).close();
///   send(w.take());
class Writer {
 public:
  /// @brief Starts element @p name, written verbatim (a prefix such as "stream:" is allowed).
  Writer& open(std::string_view name);
  /// @brief Starts element @p name with an xmlns="@p ns" declaration.
  Writer& open(std::string_view name, std::string_view ns);
  /// @brief Adds an attribute to the element just opened.
  Writer& attr(std::string_view name, std::string_view value);
  /// @brief Writes escaped character data inside the current element.
  Writer& text(std::string_view value);
  /// @brief Writes <name>value</name>, or <name/> when @p value is empty.
  Writer& leaf(std::string_view name, std::string_view value = {});
  /// @brief Writes a whole tree; see serialize() for @p inheritedNs.
  Writer& element(const Element& element, std::string_view inheritedNs = {});
  /// @brief Writes @p xml unchanged; the caller vouches that it is well-formed.
  Writer& raw(std::string_view xml);
  /// @brief Ends the innermost open element.
  Writer& close();
  /// @brief Ends every open element.
  Writer& closeAll();

  /// @brief Number of elements opened and not yet closed.
  std::size_t depth() const noexcept { return openNames_.size(); }

  /// @brief Returns the output so far and starts a new buffer. Open elements stay open (a
  /// pending start tag is ended with '>'), so a stream header can be sent before its content.
  std::string take();

 private:
  void endStartTag();

  std::string out_;
  std::vector<std::string> openNames_;
  bool inStartTag_ = false;
};

}  // namespace smfront::xml
