#pragma once

#include <cstddef>

namespace smfront::xml {

/// Hard caps applied while parsing, so that hostile input costs bounded memory and time.
///
/// In document mode every cap applies to the whole document. In stream mode the caps apply
/// to each stanza (a depth-1 child of the stream root) as if it were a document: maxBytes is
/// counted from the stanza's `<` to the end of its end tag, and a stanza element is depth 1.
/// The stream header itself must also fit in maxBytes and maxAttributes.
struct Limits {
  /// Deepest allowed element nesting; the root (or stanza) element is level 1.
  std::size_t maxDepth = 32;
  /// Bytes of one document (document mode) or of one stanza (stream mode).
  std::size_t maxBytes = 1 << 20;
  /// Attributes on one element, namespace declarations included.
  std::size_t maxAttributes = 32;
  /// Decoded character data directly inside one element, summed over its text nodes.
  std::size_t maxTextBytes = 256 * 1024;
  /// Comments are dropped from the tree when allowed and are an error when not.
  bool allowComments = true;
};

}  // namespace smfront::xml
