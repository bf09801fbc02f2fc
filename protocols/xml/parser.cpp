// Theory of operation
//
// Expat tokenizes and checks well-formedness; this file turns its callbacks into Elements and
// enforces policy. Expat runs in namespace mode with '\x01' as separator, a byte XML 1.0
// forbids even as a character reference, so it cannot occur inside a URI or a name: names
// arrive as "uri\x01local" or plain "local". A Session owns one expat parser and a stack of
// open elements; an end tag pops its element into the parent, or hands it out as the document
// root (document mode) or as a stanza (stream mode, where the root is the stream header and
// is reported at once, never stacked).
//
// Refusals happen inside callbacks: the callback records the Error, sets stopped_ and calls
// XML_StopParser. Expat may still deliver a few callbacks after that, which stopped_ turns into
// no-ops. A DOCTYPE is refused as soon as it starts, so no entity or attribute-default
// declaration is ever read; the entity handlers below are a second line of defence.
//
// Byte limits use expat's byte index, which counts from the last (re)start. Document mode
// checks the input size up front. Stream mode keeps mark_, the offset where the unit being
// read began (stream start, the current stanza's '<', or the end of the last thing between
// stanzas); after each feed, more than maxBytes fed past mark_ means a header or stanza that
// can only end up too large. That catches a start tag that never closes, for which expat
// reports nothing while it buffers.
//
// Expat re-scans an unfinished token from its start on every call, so a peer trickling a huge
// start tag a byte at a time would cost quadratic time. While a large token is pending, stream
// mode holds back chunks that contain no '>' (every event a handler sees ends with one) and
// parses them together once one arrives.

#include "xml/parser.hpp"

#include <expat.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace smfront::xml {

namespace {

constexpr XML_Char kSeparator = '\x01';

// Below this many buffered bytes of an unfinished token, re-scanning costs less than copying.
constexpr std::uint64_t kHoldBackThreshold = 4096;

enum class Mode { Document, Stream };

struct Frame {
  Element element;
  std::size_t textBytes = 0;
  std::uint64_t startTagEnd = 0;
};

Element makeElement(const XML_Char* rawName) {
  const std::string_view name(rawName);
  const auto sep = name.find(kSeparator);
  if (sep == std::string_view::npos) return Element(std::string(name));
  return Element(std::string(name.substr(sep + 1)), std::string(name.substr(0, sep)));
}

Attribute makeAttribute(const XML_Char* rawName, const XML_Char* value) {
  const std::string_view name(rawName);
  const auto sep = name.find(kSeparator);
  if (sep == std::string_view::npos) return Attribute{std::string(name), {}, value};
  return Attribute{std::string(name.substr(sep + 1)), std::string(name.substr(0, sep)), value};
}

bool isXmlSpace(std::string_view text) noexcept {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

class Session {
 public:
  Session(Mode mode, const Limits& limits, StreamHandler* handler)
      : mode_(mode), limits_(limits), handler_(handler) {
    parser_ = XML_ParserCreateNS(encoding(), kSeparator);
    if (parser_ == nullptr) throw std::bad_alloc();
    configure();
  }
  ~Session() { XML_ParserFree(parser_); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const Limits& limits() const noexcept { return limits_; }
  const std::optional<Error>& error() const noexcept { return error_; }

  ParseResult parseDocument(std::string_view bytes) {
    parse(bytes, true);
    if (error_) return *error_;
    if (!root_) return Error{ErrorCode::UnexpectedEnd, "input ended before the root element closed", 0, 0};
    return std::move(*root_);
  }

  FeedResult feed(std::string_view chunk) {
    if (parsing_) throw std::logic_error("xml::StreamParser::feed called from its own handler");
    if (error_) return {error_, 0};

    const std::uint64_t pending = fed_ - lastCallbackEnd_ + heldBack_.size();
    if (pending >= kHoldBackThreshold && chunk.find('>') == std::string_view::npos) {
      heldBack_.append(chunk);
      if (fed_ + heldBack_.size() - mark_ > limits_.maxBytes) failTooLarge();
      return {error_, chunk.size()};
    }

    const std::uint64_t chunkStart = fed_ + heldBack_.size();
    if (!heldBack_.empty()) {
      const std::string held = std::exchange(heldBack_, {});
      parse(held, false);
    }
    if (!error_ && !resetRequested_) parse(chunk, false);

    if (resetRequested_) {
      const std::size_t consumed = resetOffset_ - chunkStart;
      restart();
      return {std::nullopt, consumed};
    }
    if (!error_ && fed_ - mark_ > limits_.maxBytes) failTooLarge();
    return {error_, chunk.size()};
  }

  void reset() {
    if (parsing_) {
      // Expat cannot be reset from inside its own callback; finish the restart in feed().
      resetRequested_ = true;
      resetOffset_ = eventEnd_;
      stop();
      return;
    }
    restart();
  }

 private:
  const char* encoding() const noexcept {
    // RFC 6120 streams are UTF-8 whatever they declare; documents may declare their own.
    return mode_ == Mode::Stream ? "UTF-8" : nullptr;
  }

  void configure() {
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &Session::onStartElement, &Session::onEndElement);
    XML_SetCharacterDataHandler(parser_, &Session::onCharacterData);
    XML_SetCommentHandler(parser_, &Session::onComment);
    XML_SetProcessingInstructionHandler(parser_, &Session::onProcessingInstruction);
    XML_SetStartDoctypeDeclHandler(parser_, &Session::onStartDoctype);
    XML_SetEntityDeclHandler(parser_, &Session::onEntityDecl);
    XML_SetExternalEntityRefHandler(parser_, &Session::onExternalEntityRef);
    XML_SetStartNamespaceDeclHandler(parser_, &Session::onNamespaceDecl);
    XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
#if XML_MAJOR_VERSION > 2 || (XML_MAJOR_VERSION == 2 && XML_MINOR_VERSION >= 6)
    // Expat's own deferral would sit on a complete stanza until more bytes arrive; the
    // hold-back in feed() guards against the same quadratic cost without that stall.
    if (mode_ == Mode::Stream) XML_SetReparseDeferralEnabled(parser_, XML_FALSE);
#endif
  }

  void restart() {
    if (XML_ParserReset(parser_, encoding()) != XML_TRUE) throw std::bad_alloc();
    configure();
    stack_.clear();
    headerNamespaces_.clear();
    pendingNamespaceDecls_ = 0;
    streamOpen_ = false;
    root_.reset();
    error_.reset();
    heldBack_.clear();
    stopped_ = false;
    resetRequested_ = false;
    fed_ = mark_ = stanzaStart_ = headerEnd_ = eventEnd_ = lastCallbackEnd_ = resetOffset_ = 0;
  }

  void parse(std::string_view bytes, bool final) {
    parsing_ = true;
    std::size_t offset = 0;
    do {
      const auto len = static_cast<int>(std::min<std::size_t>(bytes.size() - offset, INT_MAX));
      const bool last = final && offset + static_cast<std::size_t>(len) == bytes.size();
      const XML_Status status = XML_Parse(parser_, bytes.data() + offset, len, last);
      fed_ += static_cast<std::uint64_t>(len);
      offset += static_cast<std::size_t>(len);
      if (status != XML_STATUS_OK) {
        if (!stopped_) failFromExpat();
        break;
      }
    } while (offset < bytes.size());
    parsing_ = false;
    if (exception_) {
      if (!error_) error_ = Error{ErrorCode::Malformed, "parsing aborted by an exception", 0, 0};
      std::rethrow_exception(std::exchange(exception_, nullptr));
    }
  }

  // ---- failure reporting ----

  // Ends the current XML_Parse call; outside one there is nothing to stop.
  void stop() noexcept {
    stopped_ = true;
    if (parsing_) XML_StopParser(parser_, XML_FALSE);
  }

  void fail(ErrorCode code, std::string message) {
    if (!error_) error_ = Error{code, std::move(message), line(), column()};
    stop();
  }

  void failTooLarge() {
    const char* what = mode_ == Mode::Document ? "document" : streamOpen_ ? "stanza" : "stream header";
    fail(ErrorCode::TooLarge,
         "XML " + std::string(what) + " larger than " + std::to_string(limits_.maxBytes) + " bytes");
  }

  void failFromExpat() {
    const XML_Error code = XML_GetErrorCode(parser_);
    std::string text = XML_ErrorString(code);
    switch (code) {
      case XML_ERROR_NO_ELEMENTS:
        error_ = Error{ErrorCode::UnexpectedEnd, "input ended before the root element closed (" + text + ")",
                       line(), column()};
        return;
      case XML_ERROR_UNDEFINED_ENTITY:
      case XML_ERROR_EXTERNAL_ENTITY_HANDLING:
        error_ = Error{ErrorCode::ForbiddenEntity,
                       "entity references other than the predefined five are not allowed (" + text + ")",
                       line(), column()};
        return;
      default: error_ = Error{ErrorCode::Malformed, std::move(text), line(), column()};
    }
  }

  std::size_t line() const noexcept { return static_cast<std::size_t>(XML_GetCurrentLineNumber(parser_)); }
  std::size_t column() const noexcept {
    return static_cast<std::size_t>(XML_GetCurrentColumnNumber(parser_)) + 1;
  }

  // ---- positions ----

  std::uint64_t eventStart() const noexcept {
    return static_cast<std::uint64_t>(XML_GetCurrentByteIndex(parser_));
  }
  std::uint64_t eventEnd(std::uint64_t emptyTagEnd) const noexcept {
    // An empty-element tag reports its end event with a zero byte count.
    const int count = XML_GetCurrentByteCount(parser_);
    return count == 0 ? emptyTagEnd : eventStart() + static_cast<std::uint64_t>(count);
  }
  std::uint64_t eventEnd() const noexcept { return eventEnd(eventStart()); }

  bool stanzaTooLarge(std::uint64_t position) const noexcept {
    return mode_ == Mode::Stream && position - stanzaStart_ > limits_.maxBytes;
  }

  // ---- event handling ----

  template <typename F>
  void guarded(F&& f) noexcept {
    if (stopped_) return;
    try {
      f();
    } catch (...) {
      exception_ = std::current_exception();
      stop();
    }
  }

  void startElement(const XML_Char* name, const XML_Char** atts) {
    lastCallbackEnd_ = eventEnd();
    std::size_t count = std::exchange(pendingNamespaceDecls_, 0);
    for (const XML_Char** a = atts; *a != nullptr; a += 2) ++count;
    if (count > limits_.maxAttributes) {
      return fail(ErrorCode::TooManyAttributes,
                  "XML element has more than " + std::to_string(limits_.maxAttributes) + " attributes");
    }

    if (mode_ == Mode::Stream && !streamOpen_) return startStream(name, atts);

    if (stack_.size() >= limits_.maxDepth) {
      return fail(ErrorCode::TooDeep,
                  "XML nesting deeper than " + std::to_string(limits_.maxDepth) + " levels");
    }
    if (mode_ == Mode::Stream) {
      if (stack_.empty()) {
        stanzaStart_ = mark_ = eventStart();
      } else if (stanzaTooLarge(eventStart())) {
        return failTooLarge();
      }
    }
    Frame& frame = stack_.emplace_back(Frame{makeElement(name), 0, lastCallbackEnd_});
    auto& attributes = frame.element.attributes();
    attributes.reserve(count);
    for (const XML_Char** a = atts; *a != nullptr; a += 2) attributes.push_back(makeAttribute(a[0], a[1]));
  }

  void startStream(const XML_Char* name, const XML_Char** atts) {
    // The check after each feed only sees a header still open at the end of a chunk; one that
    // arrives whole in a single chunk is measured here.
    if (lastCallbackEnd_ - mark_ > limits_.maxBytes) return failTooLarge();
    Element header = makeElement(name);
    for (const XML_Char** a = atts; *a != nullptr; a += 2) {
      header.attributes().push_back(makeAttribute(a[0], a[1]));
    }
    for (Attribute& a : headerNamespaces_) header.attributes().push_back(std::move(a));
    headerNamespaces_.clear();
    streamOpen_ = true;
    headerEnd_ = eventEnd_ = mark_ = lastCallbackEnd_;
    handler_->onStreamStart(header);
  }

  void endElement() {
    if (mode_ == Mode::Stream && stack_.empty()) {
      streamOpen_ = false;
      eventEnd_ = mark_ = lastCallbackEnd_ = eventEnd(headerEnd_);
      handler_->onStreamEnd();
      return;
    }
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    const std::uint64_t end = eventEnd(frame.startTagEnd);
    lastCallbackEnd_ = end;
    if (stanzaTooLarge(end)) return failTooLarge();
    if (!stack_.empty()) {
      stack_.back().element.addChild(std::move(frame.element));
    } else if (mode_ == Mode::Document) {
      root_ = std::move(frame.element);
    } else {
      eventEnd_ = mark_ = end;
      handler_->onStanza(std::move(frame.element));
    }
  }

  void characterData(std::string_view text) {
    lastCallbackEnd_ = eventEnd();
    if (stack_.empty()) {
      // Only stream mode gets here: text between stanzas, where keepalives are whitespace.
      if (!isXmlSpace(text)) return fail(ErrorCode::Malformed, "character data between stanzas");
      mark_ = lastCallbackEnd_;
      return;
    }
    Frame& frame = stack_.back();
    if (text.size() > limits_.maxTextBytes - frame.textBytes) {
      return fail(ErrorCode::TextTooLarge,
                  "XML element text larger than " + std::to_string(limits_.maxTextBytes) + " bytes");
    }
    if (stanzaTooLarge(lastCallbackEnd_)) return failTooLarge();
    frame.textBytes += text.size();
    frame.element.addText(text);
  }

  void comment() {
    lastCallbackEnd_ = eventEnd();
    if (!limits_.allowComments) return fail(ErrorCode::ForbiddenComment, "XML comments are not allowed");
    if (mode_ == Mode::Stream && stack_.empty()) mark_ = lastCallbackEnd_;
  }

  void namespaceDecl(const XML_Char* prefix, const XML_Char* uri) {
    ++pendingNamespaceDecls_;
    if (mode_ == Mode::Stream && !streamOpen_ && pendingNamespaceDecls_ <= limits_.maxAttributes) {
      headerNamespaces_.push_back(Attribute{prefix != nullptr ? prefix : "xmlns",
                                            std::string(kXmlnsNamespace), uri != nullptr ? uri : ""});
    }
  }

  // ---- expat trampolines ----

  static Session& self(void* userData) noexcept { return *static_cast<Session*>(userData); }

  static void XMLCALL onStartElement(void* ud, const XML_Char* name, const XML_Char** atts) {
    Session& s = self(ud);
    s.guarded([&] { s.startElement(name, atts); });
  }
  static void XMLCALL onEndElement(void* ud, const XML_Char*) {
    Session& s = self(ud);
    s.guarded([&] { s.endElement(); });
  }
  static void XMLCALL onCharacterData(void* ud, const XML_Char* text, int len) {
    Session& s = self(ud);
    s.guarded([&] { s.characterData(std::string_view(text, static_cast<std::size_t>(len))); });
  }
  static void XMLCALL onComment(void* ud, const XML_Char*) {
    Session& s = self(ud);
    s.guarded([&] { s.comment(); });
  }
  static void XMLCALL onNamespaceDecl(void* ud, const XML_Char* prefix, const XML_Char* uri) {
    Session& s = self(ud);
    s.guarded([&] { s.namespaceDecl(prefix, uri); });
  }
  static void XMLCALL onProcessingInstruction(void* ud, const XML_Char*, const XML_Char*) {
    Session& s = self(ud);
    s.guarded([&] {
      s.fail(ErrorCode::ForbiddenProcessingInstruction, "XML processing instructions are not allowed");
    });
  }
  static void XMLCALL onStartDoctype(void* ud, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    Session& s = self(ud);
    s.guarded([&] { s.fail(ErrorCode::ForbiddenDoctype, "DOCTYPE declarations are not allowed"); });
  }
  static void XMLCALL onEntityDecl(void* ud, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                                   const XML_Char*, const XML_Char*, const XML_Char*) {
    Session& s = self(ud);
    s.guarded([&] { s.fail(ErrorCode::ForbiddenEntity, "XML entity declarations are not allowed"); });
  }
  static int XMLCALL onExternalEntityRef(XML_Parser parser, const XML_Char*, const XML_Char*, const XML_Char*,
                                         const XML_Char*) {
    Session& s = self(XML_GetUserData(parser));
    s.guarded([&] { s.fail(ErrorCode::ForbiddenEntity, "external XML entities are not allowed"); });
    return XML_STATUS_ERROR;
  }

  XML_Parser parser_ = nullptr;
  Mode mode_;
  Limits limits_;
  StreamHandler* handler_;

  std::vector<Frame> stack_;
  std::vector<Attribute> headerNamespaces_;
  std::size_t pendingNamespaceDecls_ = 0;
  bool streamOpen_ = false;
  std::optional<Element> root_;
  std::optional<Error> error_;
  std::exception_ptr exception_;
  std::string heldBack_;

  bool parsing_ = false;
  bool stopped_ = false;
  bool resetRequested_ = false;

  // Byte offsets in expat's index space (bytes since the last restart).
  std::uint64_t fed_ = 0;
  std::uint64_t mark_ = 0;
  std::uint64_t stanzaStart_ = 0;
  std::uint64_t headerEnd_ = 0;
  std::uint64_t eventEnd_ = 0;
  std::uint64_t lastCallbackEnd_ = 0;
  std::uint64_t resetOffset_ = 0;
};

}  // namespace

ParseResult parseDocument(std::string_view bytes, const Limits& limits) {
  if (bytes.size() > limits.maxBytes) {
    return Error{ErrorCode::TooLarge,
                 "XML document larger than " + std::to_string(limits.maxBytes) + " bytes", 0, 0};
  }
  Session session(Mode::Document, limits, nullptr);
  return session.parseDocument(bytes);
}

struct StreamParser::Impl {
  Impl(StreamHandler& handler, const Limits& limits) : session(Mode::Stream, limits, &handler) {}
  Session session;
};

StreamParser::StreamParser(StreamHandler& handler, const Limits& limits)
    : impl_(std::make_unique<Impl>(handler, limits)) {}
StreamParser::~StreamParser() = default;
StreamParser::StreamParser(StreamParser&&) noexcept = default;
StreamParser& StreamParser::operator=(StreamParser&&) noexcept = default;

FeedResult StreamParser::feed(std::string_view chunk) { return impl_->session.feed(chunk); }

void StreamParser::reset() { impl_->session.reset(); }

bool StreamParser::failed() const noexcept { return impl_->session.error().has_value(); }

const Limits& StreamParser::limits() const noexcept { return impl_->session.limits(); }

}  // namespace smfront::xml
