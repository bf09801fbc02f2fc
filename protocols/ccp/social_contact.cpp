#include "ccp/social_contact.hpp"

#include <algorithm>

#include "ccp/request_body.hpp"
#include "ccp/validation.hpp"
#include "ccp/xml_fields.hpp"
#include "xml/writer.hpp"

namespace smfront::ccp {

namespace {

constexpr std::string_view kRoot = "SocialContact";

// Reads <extensionFields>; nullopt when absent. Names are trimmed; values are kept as sent.
// A repeated name keeps its first occurrence, like every other repeated field.
std::optional<std::vector<ExtensionField>> readExtensionFields(const xml::Element& parent) {
  const xml::Element* container = parent.child("extensionFields");
  if (container == nullptr) return std::nullopt;
  std::vector<ExtensionField> fields;
  for (const xml::Element& e : container->children("extensionField")) {
    ExtensionField field{std::string(trimXmlSpace(e.childText("name"))), e.childText("value")};
    const bool exists = std::any_of(fields.begin(), fields.end(),
                                    [&](const ExtensionField& f) { return f.name == field.name; });
    if (!exists) fields.push_back(std::move(field));
  }
  return fields;
}

void writeExtensionFields(xml::Writer& w, const std::vector<ExtensionField>& fields) {
  w.open("extensionFields");
  for (const ExtensionField& f : fields)
    w.open("extensionField").leaf("name", f.name).leaf("value", f.value).close();
  w.close();
}

void readStatus(FieldReader& in, std::optional<ContactStatus>& out) {
  const xml::Element* e = in.element("status");
  if (e == nullptr) return;
  out = parseContactStatus(e->text());
  if (!out) {
    in.problems().push_back(
        invalidValue("status", "status must be one of unread, queued, reserved, draft, handled, discarded"));
  }
}

}  // namespace

void checkExtensionFields(const std::vector<ExtensionField>& fields, Problems& problems) {
  checkCount(problems, "extensionFields", fields.size(), kMaxExtensionFields);
  std::size_t total = 0;
  for (const ExtensionField& f : fields) {
    if (f.name.empty()) {
      problems.push_back(fieldRequired("extensionField.name"));
    } else {
      checkText(problems, "extensionField.name", f.name, kMaxExtensionFieldNameChars);
    }
    checkText(problems, "extensionField.value", f.value, kMaxExtensionFieldValueChars);
    total += countChars(f.name) + countChars(f.value);
  }
  if (total > kMaxExtensionFieldsChars) {
    problems.push_back(outOfRange("extensionFields", "extension fields hold more than " +
                                                         std::to_string(kMaxExtensionFieldsChars) +
                                                         " characters in all"));
  }
}

void checkTags(const std::vector<std::string>& tags, Problems& problems) {
  checkCount(problems, "tags", tags.size(), kMaxContactTags);
  for (const std::string& t : tags) checkText(problems, "tags", t, kMaxTagChars);
}

void validateContactCreate(const ContactCreate& create, bool requireFeedRefURL, Problems& problems) {
  if (requireFeedRefURL && trimXmlSpace(create.feedRefURL).empty()) {
    problems.push_back(fieldRequired("feedRefURL"));
  } else {
    checkText(problems, "feedRefURL", create.feedRefURL, kMaxUrlChars);
  }
  if (trimXmlSpace(create.author).empty()) {
    problems.push_back(fieldRequired("author"));
  } else {
    checkText(problems, "author", create.author, kMaxAuthorChars);
  }
  if (trimXmlSpace(create.title).empty()) {
    problems.push_back(fieldRequired("title"));
  } else {
    checkText(problems, "title", create.title, kMaxTitleChars);
  }
  checkText(problems, "description", create.description, kMaxDescriptionChars);
  checkTags(create.tags, problems);
  checkExtensionFields(create.extensionFields, problems);
}

Parsed<ContactCreate> parseContactCreate(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, kRoot);
  if (!doc) return doc.problems();
  Problems problems;
  FieldReader in(*doc, problems);
  ContactCreate create;
  create.feedRefURL = std::string(trimXmlSpace(doc->childText("feedRefURL")));
  create.author = doc->childText("author");
  create.title = doc->childText("title");
  create.description = doc->childText("description");
  create.tags = in.list("tags", "tag").value_or(std::vector<std::string>{});
  create.extensionFields = readExtensionFields(*doc).value_or(std::vector<ExtensionField>{});
  create.publishedDate = in.integer("publishedDate");
  validateContactCreate(create, true, problems);
  if (!problems.empty()) return problems;
  return create;
}

std::string serializeContactCreate(const ContactCreate& create) {
  xml::Writer w;
  w.open(kRoot)
      .leaf("feedRefURL", create.feedRefURL)
      .leaf("author", create.author)
      .leaf("title", create.title)
      .leaf("description", create.description);
  writeList(w, "tags", "tag", create.tags);
  writeExtensionFields(w, create.extensionFields);
  if (create.publishedDate) writeInteger(w, "publishedDate", *create.publishedDate);
  w.close();
  return w.take();
}

Parsed<ContactUpdate> parseContactUpdate(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, kRoot);
  if (!doc) return doc.problems();
  Problems problems;
  FieldReader in(*doc, problems);
  ContactUpdate update;
  readStatus(in, update.status);
  if (const xml::Element* e = in.element("statusReason")) {
    std::string reason(trimXmlSpace(e->text()));
    if (checkText(problems, "statusReason", reason, kMaxStatusReasonChars))
      update.statusReason = std::move(reason);
  }
  update.statusTimestamp = in.integer("statusTimestamp");
  update.changeStamp = in.integer("changeStamp");
  update.tags = in.list("tags", "tag");
  if (update.tags) checkTags(*update.tags, problems);
  update.extensionFields = readExtensionFields(*doc);
  if (update.extensionFields) checkExtensionFields(*update.extensionFields, problems);
  if (!problems.empty()) return problems;
  return update;
}

std::string serializeContactUpdate(const ContactUpdate& update) {
  xml::Writer w;
  w.open(kRoot);
  if (update.status) w.leaf("status", toString(*update.status));
  if (update.statusReason) w.leaf("statusReason", *update.statusReason);
  if (update.statusTimestamp) writeInteger(w, "statusTimestamp", *update.statusTimestamp);
  if (update.changeStamp) writeInteger(w, "changeStamp", *update.changeStamp);
  if (update.tags) writeList(w, "tags", "tag", *update.tags);
  if (update.extensionFields) writeExtensionFields(w, *update.extensionFields);
  w.close();
  return w.take();
}

void mergeExtensionFields(std::vector<ExtensionField>& fields, const std::vector<ExtensionField>& changes) {
  for (const ExtensionField& change : changes) {
    const auto it = std::find_if(fields.begin(), fields.end(),
                                 [&](const ExtensionField& f) { return f.name == change.name; });
    if (change.value.empty()) {
      if (it != fields.end()) fields.erase(it);
    } else if (it != fields.end()) {
      it->value = change.value;
    } else {
      fields.push_back(change);
    }
  }
}

std::string serializeSocialContact(const SocialContact& c) {
  xml::Writer w;
  w.open(kRoot).leaf("author", c.author);
  writeInteger(w, "changeStamp", c.changeStamp);
  writeInteger(w, "createdDate", c.createdDate);
  w.leaf("description", c.description);
  writeExtensionFields(w, c.extensionFields);
  if (!c.feedRefURL.empty()) w.leaf("feedRefURL", c.feedRefURL);
  w.leaf("id", c.id).leaf("inviteStatus", c.inviteStatus);
  writeBoolean(w, "isInvited", c.isInvited);
  writeBoolean(w, "isSoftLocked", c.isSoftLocked);
  w.leaf("link", c.link);
  writeInteger(w, "publishedDate", c.publishedDate);
  w.leaf("refURL", c.refURL)
      .leaf("replyTemplateRefURL", c.replyTemplateRefURL)
      .leaf("sourceType", c.sourceType)
      .leaf("status", toString(c.status))
      .leaf("statusReason", c.statusReason);
  writeInteger(w, "statusTimestamp", c.statusTimestamp);
  w.leaf("statusUserId", c.statusUserId);
  writeList(w, "tags", "tag", c.tags);
  w.leaf("title", c.title).close();
  return w.take();
}

Parsed<SocialContact> parseSocialContact(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, kRoot);
  if (!doc) return doc.problems();
  Problems problems;
  FieldReader in(*doc, problems);
  SocialContact c;
  const auto readText = [&](std::string_view name, std::string& out) {
    if (std::optional<std::string> v = in.text(name)) out = std::move(*v);
  };
  readText("id", c.id);
  readText("author", c.author);
  readText("title", c.title);
  readText("description", c.description);
  readText("feedRefURL", c.feedRefURL);
  c.tags = in.list("tags", "tag").value_or(std::vector<std::string>{});
  c.extensionFields = readExtensionFields(*doc).value_or(std::vector<ExtensionField>{});
  std::optional<ContactStatus> status;
  readStatus(in, status);
  c.status = status.value_or(ContactStatus::Unread);
  readText("statusReason", c.statusReason);
  c.statusTimestamp = in.integer("statusTimestamp").value_or(0);
  readText("statusUserId", c.statusUserId);
  c.changeStamp = in.integer("changeStamp").value_or(0);
  c.createdDate = in.integer("createdDate").value_or(0);
  c.publishedDate = in.integer("publishedDate").value_or(0);
  readText("refURL", c.refURL);
  readText("sourceType", c.sourceType);
  c.isSoftLocked = in.boolean("isSoftLocked").value_or(false);
  readText("inviteStatus", c.inviteStatus);
  c.isInvited = in.boolean(in.has("isInvited") ? "isInvited" : "chatIsInvited").value_or(false);
  readText("link", c.link);
  readText("replyTemplateRefURL", c.replyTemplateRefURL);
  if (!problems.empty()) return problems;
  return c;
}

std::string serializeSocialContactEvent(const SocialContact& c) {
  xml::Writer w;
  w.open(kRoot, kPubsubNs).leaf("id", c.id).leaf("author", c.author).leaf("title", c.title);
  writeInteger(w, "publishedDate", c.publishedDate);
  w.leaf("refURL", c.refURL).leaf("status", toString(c.status));
  writeInteger(w, "statusTimestamp", c.statusTimestamp);
  w.leaf("statusUserId", c.statusUserId)
      .leaf("statusReason", c.statusReason)
      .leaf("sourceType", c.sourceType);
  writeBoolean(w, "chatIsInvited", c.isInvited);
  writeList(w, "tags", "tag", c.tags);
  writeExtensionFields(w, c.extensionFields);
  w.close();
  return w.take();
}

std::optional<std::int64_t> feedIdFromRefUrl(std::string_view refUrl) noexcept {
  refUrl = trimXmlSpace(refUrl);
  refUrl = refUrl.substr(0, refUrl.find_first_of("?#"));
  if (refUrl.ends_with('/')) refUrl.remove_suffix(1);
  const std::size_t slash = refUrl.rfind('/');
  const std::string_view segment = slash == std::string_view::npos ? refUrl : refUrl.substr(slash + 1);
  if (segment.empty() ||
      !std::all_of(segment.begin(), segment.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    return std::nullopt;
  }
  return parseInt64(segment);
}

}  // namespace smfront::ccp
