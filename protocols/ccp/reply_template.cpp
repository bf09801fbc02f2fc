#include "ccp/reply_template.hpp"

#include "ccp/request_body.hpp"
#include "ccp/social_contact.hpp"
#include "ccp/validation.hpp"
#include "ccp/xml_fields.hpp"
#include "xml/writer.hpp"

namespace smfront::ccp {

namespace {

constexpr std::string_view kRoot = "Template";

void writeTemplate(xml::Writer& w, const ReplyTemplate& t) {
  w.open(kRoot);
  writeInteger(w, "changeStamp", t.changeStamp);
  w.leaf("name", t.name);
  w.leaf("refURL", t.refURL);
  writeBoolean(w, "systemDefined", t.systemDefined);
  w.leaf("templateURL", t.templateURL);
  w.close();
}

}  // namespace

Parsed<ReplyTemplateInput> parseReplyTemplate(std::string_view body, bool forCreate) {
  Parsed<xml::Element> doc = parseXmlBody(body, kRoot);
  if (!doc) return doc.problems();
  Problems problems;
  FieldReader in(*doc, problems);
  ReplyTemplateInput t;
  if (forCreate || in.has("name")) {
    if (auto name = in.requiredText("name", kMaxTemplateNameChars)) t.name = std::string(trimXmlSpace(*name));
  }
  if (forCreate || in.has("templateURL")) {
    if (auto url = in.requiredText("templateURL", kMaxUrlChars)) t.templateURL = std::string(trimXmlSpace(*url));
  }
  t.changeStamp = in.integer("changeStamp", 0);
  if (!forCreate && !t.changeStamp && problems.empty()) problems.push_back(fieldRequired("changeStamp"));
  if (!problems.empty()) return problems;
  return t;
}

std::string serializeReplyTemplate(const ReplyTemplate& t) {
  xml::Writer w;
  writeTemplate(w, t);
  return w.take();
}

std::string serializeReplyTemplates(const std::vector<ReplyTemplate>& templates) {
  xml::Writer w;
  w.open("templates");
  for (const auto& t : templates) writeTemplate(w, t);
  w.close();
  return w.take();
}

Parsed<ReplyTemplate> parseReplyTemplateView(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, kRoot);
  if (!doc) return doc.problems();
  Problems problems;
  FieldReader in(*doc, problems);
  ReplyTemplate t;
  t.changeStamp = in.integer("changeStamp", 0).value_or(0);
  t.name = in.text("name").value_or("");
  t.refURL = in.text("refURL").value_or("");
  t.systemDefined = in.boolean("systemDefined").value_or(false);
  t.templateURL = in.text("templateURL").value_or("");
  if (!problems.empty()) return problems;
  return t;
}

}  // namespace smfront::ccp
