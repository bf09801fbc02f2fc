#include "ccp/callback_task.hpp"

#include <algorithm>

#include "ccp/form_encoding.hpp"
#include "ccp/request_body.hpp"
#include "ccp/validation.hpp"
#include "ccp/xml_fields.hpp"
#include "xml/writer.hpp"

namespace smfront::ccp {

namespace {

constexpr std::string_view kCallbackRoot = "Contact";
constexpr std::string_view kTaskRoot = "Task";
constexpr std::string_view kCallVariablePrefix = "cv_";
constexpr std::string_view kEccPrefix = "user_";
constexpr std::string_view kQueryVariablePrefix = "variable_";
constexpr std::string_view kMediaTypeVariable = "mediaType";
constexpr std::string_view kPodRefUrlVariable = "podRefURL";

constexpr std::array<std::string_view, 8> kMediaTypeNames = {"chat",   "email", "event", "mobile",
                                                             "social", "video", "voice", "web"};
constexpr std::array<std::string_view, 2> kRenotifyReasonNames = {"ROUTE_SERVICE_TRANSFER",
                                                                  "ROUTE_SERVICE_RECOVERY"};

// A create request as sent, before any check, so that the XML and query forms share one
// validation and report their problems in the same order.
struct RawCreate {
  std::string name;
  std::string title;
  std::string mediaAddress;
  std::string description;
  std::string scriptSelector;
  std::string customerUID;
  std::optional<std::string> requeueOnRecovery;
  /// Tag texts as sent, before trimming and de-duplication.
  std::vector<std::string> tags;
  /// Names trimmed, first occurrence of a name kept.
  std::vector<ExtensionField> variables;
};

bool startsWithIgnoreCase(std::string_view text, std::string_view prefix) noexcept {
  return text.size() >= prefix.size() && equalsIgnoreCase(text.substr(0, prefix.size()), prefix);
}

bool isPrintableAscii(std::string_view text) noexcept {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c <= 0x7E; });
}

// Text that crosses the MR link to CCE, which carries printable ASCII only; refusing it here
// tells the client, where replacing characters at send time would silently change the data.
bool checkCceText(Problems& problems, std::string_view field, std::string_view label, std::string_view value,
                  std::size_t maxChars) {
  if (!isPrintableAscii(value)) {
    problems.push_back(invalidValue(field, std::string(label) + " must be printable ASCII"));
    return false;
  }
  if (value.size() > maxChars) {
    problems.push_back(outOfRange(
        field, std::string(label) + " is longer than " + std::to_string(maxChars) + " characters"));
    return false;
  }
  return true;
}

void addVariable(std::vector<ExtensionField>& variables, std::string_view name, std::string value) {
  const bool exists = std::any_of(variables.begin(), variables.end(),
                                  [&](const ExtensionField& v) { return v.name == name; });
  if (!exists) variables.push_back({std::string(name), std::move(value)});
}

// "1".."10" → 0..9; leading zeros are refused so that one slot has exactly one spelling.
std::optional<std::size_t> callVariableIndex(std::string_view suffix) noexcept {
  if (suffix.empty() || suffix.size() > 2 || suffix.front() == '0') return std::nullopt;
  if (!std::all_of(suffix.begin(), suffix.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  std::size_t n = 0;
  for (const char c : suffix) n = n * 10 + static_cast<std::size_t>(c - '0');
  if (n < 1 || n > kCallVariableCount) return std::nullopt;
  return n - 1;
}

RawCreate readXml(const xml::Element& doc) {
  RawCreate raw;
  raw.name = doc.childText("name");
  raw.title = doc.childText("title");
  raw.mediaAddress = doc.childText("mediaAddress");
  raw.description = doc.childText("description");
  raw.scriptSelector = doc.childText("scriptSelector");
  raw.customerUID = doc.childText("customerUID");
  if (const xml::Element* e = doc.child("requeueOnRecovery")) raw.requeueOnRecovery = e->text();
  if (const xml::Element* tags = doc.child("tags")) {
    for (const xml::Element& tag : tags->children("tag")) raw.tags.push_back(tag.text());
  }
  if (const xml::Element* variables = doc.child("variables")) {
    for (const xml::Element& v : variables->children("variable"))
      addVariable(raw.variables, trimXmlSpace(v.childText("name")), v.childText("value"));
  }
  return raw;
}

const FormField* findField(const std::vector<FormField>& fields, std::string_view name) {
  const auto it =
      std::find_if(fields.begin(), fields.end(), [&](const FormField& f) { return f.name == name; });
  return it == fields.end() ? nullptr : &*it;
}

RawCreate readQuery(const std::vector<FormField>& fields) {
  const auto text = [&](std::string_view name) -> std::string {
    const FormField* f = findField(fields, name);
    return f == nullptr ? std::string() : f->value;
  };
  RawCreate raw;
  raw.name = text("name");
  raw.title = text("title");
  raw.mediaAddress = text("mediaAddress");
  raw.description = text("description");
  raw.scriptSelector = text("scriptSelector");
  raw.customerUID = text("customerUID");
  if (const FormField* f = findField(fields, "requeueOnRecovery")) raw.requeueOnRecovery = f->value;
  const std::string tagText = text("tags");
  std::string_view tags = tagText;
  while (!tags.empty()) {
    const std::size_t comma = tags.find(',');
    raw.tags.emplace_back(tags.substr(0, comma));
    if (comma == std::string_view::npos) break;
    tags.remove_prefix(comma + 1);
  }
  for (const FormField& f : fields) {
    if (!f.name.starts_with(kQueryVariablePrefix)) continue;
    addVariable(raw.variables, trimXmlSpace(std::string_view(f.name).substr(kQueryVariablePrefix.size())),
                f.value);
  }
  return raw;
}

std::string checkName(Problems& problems, std::string_view raw) {
  // Trimmed so that an indented <name> is not mistaken for a multi-line one.
  const std::string_view name = trimXmlSpace(raw);
  if (name.empty()) {
    problems.push_back(fieldRequired("name"));
  } else if (name.find_first_of("\r\n") != std::string_view::npos) {
    problems.push_back(invalidValue("name", "name must not contain a line break"));
  } else {
    // A person's name may be in any script (the MR link writes '?' for what CCE
    // cannot carry); only line breaks and control characters are refused.
    checkText(problems, "name", name, kMaxContactNameChars);
    if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
      problems.push_back(invalidValue("name", "name must not contain control characters"));
    }
  }
  return std::string(name);
}

std::string checkTitle(Problems& problems, const std::string& title) {
  if (trimXmlSpace(title).empty()) {
    problems.push_back(fieldRequired("title"));
  } else {
    checkText(problems, "title", title, kMaxTitleChars);
  }
  return title;
}

std::vector<std::string> checkTags(Problems& problems, const std::vector<std::string>& raw) {
  std::vector<std::string> tags;
  for (const std::string& text : raw) {
    const std::string_view tag = trimXmlSpace(text);
    if (tag.empty() || !checkText(problems, "tags", tag, kMaxTagChars)) continue;
    if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.emplace_back(tag);
  }
  checkCount(problems, "tags", tags.size(), kMaxContactTags);
  return tags;
}

std::optional<std::string> checkScriptSelector(Problems& problems, std::string_view raw) {
  const std::string_view selector = trimXmlSpace(raw);
  if (selector.empty()) return std::nullopt;
  checkCceText(problems, "scriptSelector", "scriptSelector", selector, kMaxScriptSelectorChars);
  return std::string(selector);
}

Parsed<CallbackCreate> finishCallback(const RawCreate& raw) {
  Problems problems;
  CallbackCreate c;
  c.name = checkName(problems, raw.name);
  c.title = checkTitle(problems, raw.title);
  c.mediaAddress = std::string(trimXmlSpace(raw.mediaAddress));
  if (c.mediaAddress.empty()) {
    problems.push_back(fieldRequired("mediaAddress"));
  } else {
    checkCceText(problems, "mediaAddress", "mediaAddress", c.mediaAddress, kMaxMediaAddressChars);
  }
  c.description = raw.description;
  checkText(problems, "description", c.description, kMaxDescriptionChars);
  c.tags = checkTags(problems, raw.tags);
  c.callData = mapVariables(raw.variables, problems);
  if (!problems.empty()) return problems;
  return c;
}

Parsed<TaskCreate> finishTask(const RawCreate& raw) {
  Problems problems;
  TaskCreate t;
  t.name = checkName(problems, raw.name);
  t.title = checkTitle(problems, raw.title);
  t.description = raw.description;
  checkText(problems, "description", t.description, kMaxDescriptionChars);
  t.scriptSelector = checkScriptSelector(problems, raw.scriptSelector);
  if (!raw.customerUID.empty() && checkText(problems, "customerUID", raw.customerUID, kMaxCustomerUidChars))
    t.customerUID = raw.customerUID;
  if (raw.requeueOnRecovery && !trimXmlSpace(*raw.requeueOnRecovery).empty()) {
    if (const std::optional<bool> b = parseBool(*raw.requeueOnRecovery)) {
      t.requeueOnRecovery = *b;
    } else {
      problems.push_back(invalidValue("requeueOnRecovery", "requeueOnRecovery must be true or false"));
    }
  }
  t.tags = checkTags(problems, raw.tags);

  // The task-only variables configure the contact itself and are not passed on as call data.
  std::vector<ExtensionField> rest;
  std::optional<std::string> mediaType;
  std::optional<std::string> podRefURL;
  for (const ExtensionField& v : raw.variables) {
    if (equalsIgnoreCase(v.name, kMediaTypeVariable)) {
      if (!mediaType) mediaType = v.value;
    } else if (equalsIgnoreCase(v.name, kPodRefUrlVariable)) {
      if (!podRefURL) podRefURL = v.value;
    } else {
      rest.push_back(v);
    }
  }
  t.callData = mapVariables(rest, problems);
  if (mediaType && !trimXmlSpace(*mediaType).empty()) {
    if (const std::optional<MediaType> type = parseMediaType(*mediaType)) {
      t.mediaType = *type;
    } else {
      problems.push_back(invalidValue(kMediaTypeVariable,
                                      "mediaType must be one of chat, email, event, mobile, social, video, "
                                      "voice, web"));
    }
  }
  if (podRefURL) {
    const std::string_view url = trimXmlSpace(*podRefURL);
    if (!url.empty() && checkText(problems, kPodRefUrlVariable, url, kMaxUrlChars)) t.podRefURL = std::string(url);
  }
  if (!problems.empty()) return problems;
  return t;
}

// Call data back as request variables, in the order call variables, ECC, extension fields.
std::vector<ExtensionField> toVariables(const CallData& data) {
  std::vector<ExtensionField> out;
  for (std::size_t i = 0; i < data.callVariables.size(); ++i) {
    if (data.callVariables[i])
      out.push_back({std::string(kCallVariablePrefix) + std::to_string(i + 1), *data.callVariables[i]});
  }
  for (const ExtensionField& v : data.eccVariables)
    out.push_back({std::string(kEccPrefix) + v.name, v.value});
  for (const ExtensionField& v : data.extensionFields) out.push_back(v);
  return out;
}

std::vector<ExtensionField> taskVariables(const TaskCreate& t) {
  std::vector<ExtensionField> out = toVariables(t.callData);
  if (t.mediaType != MediaType::Event)
    out.push_back({std::string(kMediaTypeVariable), std::string(toString(t.mediaType))});
  if (t.podRefURL) out.push_back({std::string(kPodRefUrlVariable), *t.podRefURL});
  return out;
}

void writeVariables(xml::Writer& w, const std::vector<ExtensionField>& variables) {
  if (variables.empty()) return;
  w.open("variables");
  for (const ExtensionField& v : variables)
    w.open("variable").leaf("name", v.name).leaf("value", v.value).close();
  w.close();
}

void appendPair(std::string& out, std::string_view name, std::string_view value) {
  if (!out.empty()) out += '&';
  out += urlFormEncode(name);
  out += '=';
  out += urlFormEncode(value);
}

void appendQueryTail(std::string& out, const std::vector<std::string>& tags,
                     const std::vector<ExtensionField>& variables) {
  if (!tags.empty()) {
    std::string joined;
    for (const std::string& tag : tags) {
      if (!joined.empty()) joined += ',';
      joined += tag;
    }
    appendPair(out, "tags", joined);
  }
  for (const ExtensionField& v : variables)
    appendPair(out, std::string(kQueryVariablePrefix) + v.name, v.value);
}

bool isStatus(std::string_view status, std::string_view name) noexcept {
  return equalsIgnoreCase(trimXmlSpace(status), name);
}

std::string lowerTrimmed(std::string_view text) { return toLowerAscii(trimXmlSpace(text)); }

std::optional<std::string> optionalTrimmed(FieldReader& in, std::string_view name) {
  std::optional<std::string> text = in.text(name);
  if (!text) return std::nullopt;
  const std::string_view trimmed = trimXmlSpace(*text);
  if (trimmed.empty()) return std::nullopt;
  return std::string(trimmed);
}

}  // namespace

CallData mapVariables(std::span<const ExtensionField> variables, Problems& problems) {
  CallData data;
  checkCount(problems, "variables", variables.size(), kMaxVariables);
  for (const ExtensionField& v : variables) {
    if (v.name.empty()) {
      problems.push_back(fieldRequired("variable.name"));
      continue;
    }
    // A name that is not UTF-8 cannot be echoed as errorData.
    if (!isValidUtf8(v.name)) {
      problems.push_back(invalidValue("variable.name", "a variable name is not valid UTF-8"));
      continue;
    }
    // Nor can a name of any length.
    if (countChars(v.name) > kMaxExtensionFieldNameChars) {
      problems.push_back(outOfRange("variable.name", "a variable name is longer than " +
                                                         std::to_string(kMaxExtensionFieldNameChars) + " characters"));
      continue;
    }
    const std::string_view name = v.name;
    if (startsWithIgnoreCase(name, kCallVariablePrefix)) {
      const std::optional<std::size_t> index = callVariableIndex(name.substr(kCallVariablePrefix.size()));
      if (!index) {
        problems.push_back(invalidValue(name, v.name + " is not a call variable: use cv_1 to cv_10"));
        continue;
      }
      // Values are text; the MR link carries them as printable ASCII (see mr::printableText).
      if (!checkText(problems, name, v.value, kMaxCallVariableChars)) continue;
      std::optional<std::string>& slot = data.callVariables[*index];
      if (!slot) slot = v.value;
    } else if (startsWithIgnoreCase(name, kEccPrefix)) {
      const std::string_view ecc = name.substr(kEccPrefix.size());
      if (ecc.empty()) {
        problems.push_back(invalidValue(name, v.name + " names no ECC variable"));
        continue;
      }
      const bool nameOk =
          checkCceText(problems, name, "the ECC variable name of " + v.name, ecc, kMaxEccNameChars);
      const bool valueOk = checkText(problems, name, v.value, kMaxEccValueChars);
      if (nameOk && valueOk) addVariable(data.eccVariables, ecc, v.value);
    } else if (checkText(problems, name, v.value, kMaxExtensionFieldValueChars)) {
      addVariable(data.extensionFields, name, v.value);
    }
  }
  std::size_t total = 0;
  for (const ExtensionField& f : data.extensionFields) total += countChars(f.name) + countChars(f.value);
  if (total > kMaxExtensionFieldsChars) {
    problems.push_back(outOfRange("variables", "variables kept on the contact hold more than " +
                                                   std::to_string(kMaxExtensionFieldsChars) + " characters in all"));
  }
  return data;
}

Parsed<CallbackCreate> parseCallbackCreate(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, kCallbackRoot);
  if (!doc) return doc.problems();
  return finishCallback(readXml(*doc));
}

Parsed<CallbackCreate> parseCallbackQuery(std::string_view query) {
  Parsed<std::vector<FormField>> fields = parseFormFields(query);
  if (!fields) return fields.problems();
  return finishCallback(readQuery(*fields));
}

std::string serializeCallbackCreate(const CallbackCreate& create) {
  xml::Writer w;
  w.open(kCallbackRoot)
      .leaf("name", create.name)
      .leaf("title", create.title)
      .leaf("mediaAddress", create.mediaAddress);
  if (!create.description.empty()) w.leaf("description", create.description);
  if (!create.tags.empty()) writeList(w, "tags", "tag", create.tags);
  writeVariables(w, toVariables(create.callData));
  w.close();
  return w.take();
}

std::string serializeCallbackQuery(const CallbackCreate& create) {
  std::string out;
  appendPair(out, "name", create.name);
  appendPair(out, "title", create.title);
  appendPair(out, "mediaAddress", create.mediaAddress);
  if (!create.description.empty()) appendPair(out, "description", create.description);
  appendQueryTail(out, create.tags, toVariables(create.callData));
  return out;
}

std::string_view toString(MediaType type) noexcept { return kMediaTypeNames[static_cast<std::size_t>(type)]; }

std::optional<MediaType> parseMediaType(std::string_view text) noexcept {
  text = trimXmlSpace(text);
  for (std::size_t i = 0; i < kMediaTypeNames.size(); ++i) {
    if (equalsIgnoreCase(text, kMediaTypeNames[i])) return static_cast<MediaType>(i);
  }
  return std::nullopt;
}

Parsed<TaskCreate> parseTaskCreate(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, kTaskRoot);
  if (!doc) return doc.problems();
  return finishTask(readXml(*doc));
}

Parsed<TaskCreate> parseTaskQuery(std::string_view query) {
  Parsed<std::vector<FormField>> fields = parseFormFields(query);
  if (!fields) return fields.problems();
  return finishTask(readQuery(*fields));
}

std::string serializeTaskCreate(const TaskCreate& create) {
  xml::Writer w;
  w.open(kTaskRoot).leaf("name", create.name).leaf("title", create.title);
  if (!create.description.empty()) w.leaf("description", create.description);
  if (create.scriptSelector) w.leaf("scriptSelector", *create.scriptSelector);
  if (create.customerUID) w.leaf("customerUID", *create.customerUID);
  writeBoolean(w, "requeueOnRecovery", create.requeueOnRecovery);
  if (!create.tags.empty()) writeList(w, "tags", "tag", create.tags);
  writeVariables(w, taskVariables(create));
  w.close();
  return w.take();
}

std::string serializeTaskQuery(const TaskCreate& create) {
  std::string out;
  appendPair(out, "name", create.name);
  appendPair(out, "title", create.title);
  if (!create.description.empty()) appendPair(out, "description", create.description);
  if (create.scriptSelector) appendPair(out, "scriptSelector", *create.scriptSelector);
  if (create.customerUID) appendPair(out, "customerUID", *create.customerUID);
  if (create.requeueOnRecovery) appendPair(out, "requeueOnRecovery", "true");
  appendQueryTail(out, create.tags, taskVariables(create));
  return out;
}

std::string serializeCallbackStatus(const CallbackStatus& s) {
  xml::Writer w;
  w.open(kCallbackRoot);
  if (!s.id.empty()) w.leaf("id", s.id);
  if (!s.refURL.empty()) w.leaf("refURL", s.refURL);
  if (!s.status.empty()) w.leaf("status", s.status);
  if (!s.statusReason.empty()) w.leaf("statusReason", s.statusReason);
  if (s.estimatedWaitTime && isStatus(s.status, "queued"))
    writeInteger(w, "estimatedWaitTime", *s.estimatedWaitTime);
  w.close();
  return w.take();
}

Parsed<CallbackStatus> parseCallbackStatus(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, kCallbackRoot);
  if (!doc) return doc.problems();
  Problems problems;
  FieldReader in(*doc, problems);
  CallbackStatus s;
  s.id = optionalTrimmed(in, "id").value_or(std::string());
  s.refURL = optionalTrimmed(in, "refURL").value_or(std::string());
  if (const std::optional<std::string> status = in.requiredText("status")) s.status = lowerTrimmed(*status);
  if (const std::optional<std::string> reason = in.text("statusReason"))
    s.statusReason = lowerTrimmed(*reason);
  s.estimatedWaitTime = in.integer("estimatedWaitTime", -1);
  if (!problems.empty()) return problems;
  return s;
}

std::string serializeTaskStatus(const TaskStatus& s) {
  const bool assigned = isStatus(s.status, "reserved") || isStatus(s.status, "handled");
  xml::Writer w;
  w.open(kTaskRoot);
  if (s.estimatedWaitTime && isStatus(s.status, "queued"))
    writeInteger(w, "estimatedWaitTime", *s.estimatedWaitTime);
  if (!s.status.empty()) w.leaf("status", s.status);
  if (!s.statusReason.empty()) w.leaf("statusReason", s.statusReason);
  if (assigned && s.taskID && !s.taskID->empty()) w.leaf("taskID", *s.taskID);
  if (assigned && s.agentID && !s.agentID->empty()) w.leaf("agentID", *s.agentID);
  w.close();
  return w.take();
}

Parsed<TaskStatus> parseTaskStatus(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, kTaskRoot);
  if (!doc) return doc.problems();
  Problems problems;
  FieldReader in(*doc, problems);
  TaskStatus s;
  s.estimatedWaitTime = in.integer("estimatedWaitTime", -1);
  if (const std::optional<std::string> status = in.requiredText("status")) s.status = lowerTrimmed(*status);
  if (const std::optional<std::string> reason = in.text("statusReason"))
    s.statusReason = lowerTrimmed(*reason);
  s.taskID = optionalTrimmed(in, "taskID");
  s.agentID = optionalTrimmed(in, "agentID");
  if (!problems.empty()) return problems;
  return s;
}

std::string_view toString(RenotifyReason reason) noexcept {
  return kRenotifyReasonNames[static_cast<std::size_t>(reason)];
}

Parsed<TaskRenotify> parseTaskRenotify(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, kTaskRoot);
  if (!doc) return doc.problems();
  Problems problems;
  TaskRenotify r;
  r.scriptSelector = checkScriptSelector(problems, doc->childText("scriptSelector"));
  const std::string reasonText = doc->childText("reNotifyReason");
  const std::string_view reason = trimXmlSpace(reasonText);
  const auto it = std::find(kRenotifyReasonNames.begin(), kRenotifyReasonNames.end(), reason);
  if (reason.empty()) {
    problems.push_back(fieldRequired("reNotifyReason"));
  } else if (it == kRenotifyReasonNames.end()) {
    problems.push_back(invalidValue(
        "reNotifyReason", "reNotifyReason must be ROUTE_SERVICE_TRANSFER or ROUTE_SERVICE_RECOVERY"));
  } else {
    r.reason = static_cast<RenotifyReason>(it - kRenotifyReasonNames.begin());
  }
  if (!problems.empty()) return problems;
  return r;
}

std::string serializeTaskRenotify(const TaskRenotify& renotify) {
  xml::Writer w;
  w.open(kTaskRoot);
  if (renotify.scriptSelector) w.leaf("scriptSelector", *renotify.scriptSelector);
  w.leaf("reNotifyReason", toString(renotify.reason)).close();
  return w.take();
}

}  // namespace smfront::ccp
