#include "ccp/chat_events.hpp"

#include "ccp/form_encoding.hpp"
#include "ccp/request_body.hpp"
#include "ccp/validation.hpp"
#include "ccp/xml_fields.hpp"
#include "xml/escape.hpp"
#include "xml/writer.hpp"

namespace smfront::ccp {

namespace {

template <typename... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

std::optional<std::int64_t> readId(const xml::Element& e, Problems& problems) {
  FieldReader in(e, problems);
  std::optional<std::int64_t> id = in.integer("id", 0);
  if (!id && !in.has("id")) problems.push_back(fieldRequired("id"));
  return id;
}

}  // namespace

std::string_view toString(PresenceStatus status) noexcept {
  return status == PresenceStatus::Joined ? "joined" : "left";
}

std::string_view toString(TypingStatus status) noexcept {
  return status == TypingStatus::Composing ? "composing" : "paused";
}

std::optional<PresenceStatus> parsePresenceStatus(std::string_view text) noexcept {
  text = trimXmlSpace(text);
  if (text == "joined") return PresenceStatus::Joined;
  if (text == "left") return PresenceStatus::Left;
  return std::nullopt;
}

std::optional<TypingStatus> parseTypingStatus(std::string_view text) noexcept {
  text = trimXmlSpace(text);
  if (text == "composing") return TypingStatus::Composing;
  if (text == "paused") return TypingStatus::Paused;
  return std::nullopt;
}

std::int64_t eventId(const ChatEvent& event) noexcept {
  return std::visit([](const auto& e) { return e.id; }, event);
}

std::string serializeChatEvents(std::span<const ChatEvent> events) {
  xml::Writer w;
  w.open("chatEvents");
  for (const ChatEvent& event : events) {
    std::visit(Overloaded{
                   [&](const MessageEvent& e) {
                     w.open("MessageEvent");
                     writeInteger(w, "id", e.id);
                     w.leaf("from", e.from).leaf("body", urlFormEncode(e.body)).close();
                   },
                   [&](const PresenceEvent& e) {
                     w.open("PresenceEvent");
                     writeInteger(w, "id", e.id);
                     w.leaf("from", e.from).leaf("status", toString(e.status)).close();
                   },
                   [&](const TypingEvent& e) {
                     w.open("TypingEvent");
                     writeInteger(w, "id", e.id);
                     w.leaf("from", e.from).leaf("status", toString(e.status)).close();
                   },
                   [&](const StatusEvent& e) {
                     w.open("StatusEvent");
                     writeInteger(w, "id", e.id);
                     w.leaf("status", e.status).leaf("detail", e.detail).close();
                   },
               },
               event);
  }
  w.close();
  return w.take();
}

Parsed<std::vector<ChatEvent>> parseChatEvents(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, "chatEvents");
  if (!doc) return doc.problems();
  Problems problems;
  std::vector<ChatEvent> events;
  for (const xml::Element& e : doc->children()) {
    const std::string& kind = e.name();
    if (kind == "MessageEvent") {
      const std::optional<std::int64_t> id = readId(e, problems);
      std::optional<std::string> text = formDecode(e.childText("body"));
      if (!text) problems.push_back(invalidValue("body", "body has an invalid percent-escape"));
      if (id && text) events.push_back(MessageEvent{*id, e.childText("from"), std::move(*text)});
    } else if (kind == "PresenceEvent" || kind == "TypingEvent") {
      const std::optional<std::int64_t> id = readId(e, problems);
      const std::string status = e.childText("status");
      if (kind == "PresenceEvent") {
        const std::optional<PresenceStatus> s = parsePresenceStatus(status);
        if (!s) problems.push_back(invalidValue("status", "status must be joined or left"));
        if (id && s) events.push_back(PresenceEvent{*id, e.childText("from"), *s});
      } else {
        const std::optional<TypingStatus> s = parseTypingStatus(status);
        if (!s) problems.push_back(invalidValue("status", "status must be composing or paused"));
        if (id && s) events.push_back(TypingEvent{*id, e.childText("from"), *s});
      }
    } else if (kind == "StatusEvent") {
      const std::optional<std::int64_t> id = readId(e, problems);
      if (id) events.push_back(StatusEvent{*id, e.childText("status"), e.childText("detail")});
    }
  }
  if (!problems.empty()) return problems;
  return events;
}

Parsed<std::string> parseChatMessage(std::string_view body, std::size_t maxChars) {
  Parsed<xml::Element> doc = parseXmlBody(body, "Message", BodyRepair::AmpersandsAndForbiddenChars);
  if (!doc) return doc.problems();
  const xml::Element* e = doc->child("body");
  std::string text = e == nullptr ? std::string() : xml::stripInvalidChars(e->text());
  Problems problems;
  if (text.empty()) {
    problems.push_back(fieldRequired("body"));
  } else {
    checkText(problems, "body", text, maxChars);
  }
  if (!problems.empty()) return problems;
  return text;
}

std::string serializeChatMessage(std::string_view text) {
  xml::Writer w;
  w.open("Message").leaf("body", text).close();
  return w.take();
}

Parsed<TypingRequest> parseTypingRequest(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, "TypingEvent");
  if (!doc) return doc.problems();
  const xml::Element* status = doc->child("status");
  if (status == nullptr) return Problems{fieldRequired("status")};
  const std::optional<TypingStatus> s = parseTypingStatus(status->text());
  if (!s) return Problems{invalidValue("status", "status must be composing or paused")};
  std::string from = doc->childText("from");
  if (!isValidUtf8(from)) from.clear();  // never used, so never worth a refusal
  return TypingRequest{std::move(from), *s};
}

std::string serializeTypingRequest(const TypingRequest& request) {
  xml::Writer w;
  w.open("TypingEvent");
  if (!request.from.empty()) w.leaf("from", request.from);
  w.leaf("status", toString(request.status)).close();
  return w.take();
}

}  // namespace smfront::ccp
