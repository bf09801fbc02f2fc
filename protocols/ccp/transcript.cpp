#include "ccp/transcript.hpp"

#include <cstdio>

#include "ccp/request_body.hpp"
#include "ccp/utc_time.hpp"
#include "ccp/xml_fields.hpp"
#include "xml/escape.hpp"
#include "xml/writer.hpp"

namespace smfront::ccp {

namespace {

void writeChats(xml::Writer& w, const std::vector<TranscriptChat>& chats) {
  w.open("transcript");
  for (const TranscriptChat& c : chats) {
    w.open("chat");
    writeInteger(w, "time", c.time);
    w.leaf("name", c.name).leaf("msg", c.msg).close();
  }
  w.close();
}

void appendHtmlEscaped(std::string& out, std::string_view text) {
  for (const char c : xml::stripInvalidChars(text)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
}

std::string formatDateTime(std::int64_t ms) {
  const UtcTime t = utcFromMs(ms);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d %02d:%02d:%02d UTC", static_cast<long long>(t.year),
                t.month, t.day, t.hour, t.minute, t.second);
  return buf;
}

std::string formatTime(std::int64_t ms) {
  const UtcTime t = utcFromMs(ms);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d", t.hour, t.minute, t.second);
  return buf;
}

}  // namespace

std::string serializeCustomerTranscript(const ChatTranscript& t) {
  xml::Writer w;
  w.open("ChatTranscript");
  writeInteger(w, "startDate", t.startDate);
  writeChats(w, t.chats);
  w.close();
  return w.take();
}

std::string serializeAdminTranscript(const ChatTranscript& t) {
  xml::Writer w;
  w.open("ChatTranscript").leaf("id", t.id).leaf("refURL", t.refURL);
  writeInteger(w, "startDate", t.startDate);
  w.leaf("endDate", t.endDate ? std::to_string(*t.endDate) : std::string());
  w.open("participants");
  for (const TranscriptParticipant& p : t.participants) {
    w.open("participant").leaf("agentName", p.agentName).leaf("nickName", p.nickName).close();
  }
  w.close();
  writeChats(w, t.chats);
  w.close();
  return w.take();
}

Parsed<ChatTranscript> parseChatTranscript(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, "ChatTranscript");
  if (!doc) return doc.problems();
  Problems problems;
  FieldReader in(*doc, problems);
  ChatTranscript t;
  t.id = doc->childText("id");
  t.refURL = doc->childText("refURL");
  t.startDate = in.integer("startDate").value_or(0);
  t.endDate = in.integer("endDate");
  if (const xml::Element* ps = doc->child("participants")) {
    for (const xml::Element& p : ps->children("participant")) {
      t.participants.push_back({p.childText("agentName"), p.childText("nickName")});
    }
  }
  if (const xml::Element* chats = doc->child("transcript")) {
    for (const xml::Element& c : chats->children("chat")) {
      FieldReader line(c, problems);
      t.chats.push_back({line.integer("time").value_or(0), c.childText("name"), c.childText("msg")});
    }
  }
  if (!problems.empty()) return problems;
  return t;
}

std::string renderTranscriptHtml(const ChatTranscript& t) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>Chat transcript</title>\n"
      "<style>body{font-family:sans-serif}td{vertical-align:top;padding:2px 8px}"
      "td.msg{white-space:pre-wrap}</style>\n</head>\n<body>\n<h1>Chat transcript</h1>\n<p>Started ";
  appendHtmlEscaped(out, formatDateTime(t.startDate));
  if (t.endDate) {
    out += ", ended ";
    appendHtmlEscaped(out, formatDateTime(*t.endDate));
  }
  out += "</p>\n<table>\n<tr><th>Time</th><th>Name</th><th>Message</th></tr>\n";
  for (const TranscriptChat& c : t.chats) {
    out += "<tr><td>";
    appendHtmlEscaped(out, formatTime(c.time));
    out += "</td><td>";
    appendHtmlEscaped(out, c.name);
    out += "</td><td class=\"msg\">";
    appendHtmlEscaped(out, c.msg);
    out += "</td></tr>\n";
  }
  out += "</table>\n</body>\n</html>\n";
  return out;
}

std::string transcriptFileName(std::string_view author, std::int64_t atMs) {
  std::string name = "ChatTranscript_";
  for (const char c : xml::stripInvalidChars(author)) {
    const auto u = static_cast<unsigned char>(c);
    const bool unsafe = u < 0x20 || u == 0x7F || c == ' ' || c == '"' || c == '\\' || c == '/';
    name += unsafe ? '_' : c;
  }
  const UtcTime t = utcFromMs(atMs);
  char buf[48];
  std::snprintf(buf, sizeof buf, "-%04lld_%02d_%s_%02d_%02d.html", static_cast<long long>(t.year), t.day,
                monthAbbreviation(t.month), t.hour, t.minute);
  name += buf;
  return name;
}

}  // namespace smfront::ccp
