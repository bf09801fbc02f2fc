#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <variant>

#include "xml/element.hpp"
#include "xml/error.hpp"
#include "xml/limits.hpp"

namespace smfront::xml {

/// Outcome of parseDocument: the root element or the reason there is none.
class ParseResult {
 public:
  ParseResult(Element root) : value_(std::move(root)) {}
  ParseResult(Error error) : value_(std::move(error)) {}

  bool ok() const noexcept { return value_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  /// @brief The root element; throws std::bad_variant_access when !ok().
  const Element& value() const& { return std::get<Element>(value_); }
  Element& value() & { return std::get<Element>(value_); }
  Element&& value() && { return std::get<Element>(std::move(value_)); }
  const Element& operator*() const& { return value(); }
  const Element* operator->() const { return &value(); }

  /// @brief The failure; throws std::bad_variant_access when ok().
  const Error& error() const { return std::get<Error>(value_); }

 private:
  std::variant<Element, Error> value_;
};

/// @brief Parses @p bytes, which must be exactly one well-formed XML document within @p limits.
///
/// An XML declaration is accepted; a DOCTYPE, a processing instruction, trailing content or a
/// second root is not. The encoding is taken from the declaration or BOM (UTF-8 by default).
ParseResult parseDocument(std::string_view bytes, const Limits& limits = {});

/// Receives the events of a StreamParser. Handlers run inside StreamParser::feed.
class StreamHandler {
 public:
  virtual ~StreamHandler() = default;
  /// @brief The root start tag: name, namespace and attributes, never children. Namespace
  /// declarations made on it appear as attributes in kXmlnsNamespace (name "xmlns" for the
  /// default namespace, else the prefix), so the content namespace can be checked up front.
  virtual void onStreamStart(const Element& header) = 0;
  /// @brief One complete depth-1 child of the root.
  virtual void onStanza(Element&& stanza) = 0;
  /// @brief The root end tag.
  virtual void onStreamEnd() = 0;
};

/// Result of StreamParser::feed.
struct FeedResult {
  /// Set when the input broke the stream; the parser then refuses input until reset().
  std::optional<Error> error;
  /// Bytes of the chunk that were taken. Less than the chunk only when a handler called
  /// reset(): the rest belongs to whatever follows the restart (a new stream header after
  /// SASL, to be fed again; TLS bytes after STARTTLS, never to be fed).
  std::size_t consumed = 0;

  bool ok() const noexcept { return !error.has_value(); }
};

/// Incremental parser for one XML stream (XMPP c2s over TCP), fed chunks split anywhere.
///
/// Limits apply per stanza (see Limits). Text between stanzas must be whitespace
/// (keepalives), which is ignored. Handlers may call reset() to restart the stream: parsing
/// stops right after the event that called it. Exceptions from handlers propagate out of
/// feed() and leave the parser failed until reset().
class StreamParser {
 public:
  /// @brief Parser reporting to @p handler, which must outlive it.
  explicit StreamParser(StreamHandler& handler, const Limits& limits = {});
  ~StreamParser();
  StreamParser(StreamParser&&) noexcept;
  StreamParser& operator=(StreamParser&&) noexcept;

  /// @brief Parses the next @p chunk, delivering events to the handler as they complete.
  /// After a failure every call returns the same error without parsing.
  FeedResult feed(std::string_view chunk);

  /// @brief Forgets all state and expects a new stream (XML declaration optional), as after
  /// STARTTLS or SASL success. Also clears a failure.
  void reset();

  /// @brief Whether a previous feed failed and reset() has not been called since.
  bool failed() const noexcept;

  const Limits& limits() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace smfront::xml
