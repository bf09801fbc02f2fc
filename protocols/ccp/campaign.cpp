#include "ccp/campaign.hpp"

#include <algorithm>

#include "ccp/request_body.hpp"
#include "ccp/validation.hpp"
#include "ccp/xml_fields.hpp"
#include "xml/writer.hpp"

namespace smfront::ccp {

namespace {

bool isPublicIdChar(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// Every field of a <Campaign> element as sent: absent fields are nullopt.
struct CampaignFields {
  std::optional<std::string> name;
  bool nameEmpty = false;
  std::optional<std::string> publicId;
  std::optional<std::string> description;
  std::optional<std::string> includeExpr;
  std::optional<std::string> excludeExpr;
  std::optional<std::string> chatInvitationFeed;
  std::optional<std::vector<std::string>> feeds;
  std::optional<std::vector<std::string>> filters;
  std::optional<std::int64_t> changeStamp;
  std::optional<std::string> refURL;
  std::optional<std::string> resultsURL;
  std::optional<std::string> suggestedTagsURL;
  std::optional<std::int64_t> socialContactCount;
};

CampaignFields readCampaign(const xml::Element& e, Problems& problems) {
  FieldReader in(e, problems);
  CampaignFields f;
  if (const xml::Element* name = in.element("name")) {
    f.nameEmpty = trimXmlSpace(name->text()).empty();
    f.name = in.text("name", kMaxCampaignNameChars);
  }
  const std::string_view idName = in.has("publicId") ? "publicId" : "publicid";
  if (const xml::Element* id = in.element(idName)) {
    std::string value(trimXmlSpace(id->text()));
    // An empty element means "not given"; the server then derives the id from the name.
    if (!value.empty()) {
      if (isValidPublicId(value)) {
        f.publicId = std::move(value);
      } else {
        problems.push_back(invalidValue(
            "publicId", "publicId must be at most 255 characters of A-Z, a-z, 0-9, '_' and '-'"));
      }
    }
  }
  f.description = in.text("description");
  f.includeExpr = in.text("includeExpr");
  f.excludeExpr = in.text("excludeExpr");
  if (const std::optional<std::string> feed = in.text("chatInvitationFeed")) {
    f.chatInvitationFeed = std::string(trimXmlSpace(*feed));
  }
  f.feeds = in.list("feeds", "feed");
  f.filters = in.list("filters", "filter");
  f.changeStamp = in.integer("changeStamp", 0);
  f.refURL = in.text("refURL");
  f.resultsURL = in.text("resultsURL");
  f.suggestedTagsURL = in.text("suggestedTagsURL");
  if (const xml::Element* metrics = in.element("metrics")) {
    f.socialContactCount = FieldReader(*metrics, problems).integer("socialContactCount", 0);
  }
  return f;
}

Campaign toCampaign(CampaignFields&& f) {
  Campaign c;
  c.name = std::move(f.name).value_or("");
  c.publicId = std::move(f.publicId).value_or("");
  c.description = std::move(f.description).value_or("");
  c.includeExpr = std::move(f.includeExpr).value_or("");
  c.excludeExpr = std::move(f.excludeExpr).value_or("");
  c.chatInvitationFeed = std::move(f.chatInvitationFeed).value_or("");
  c.feeds = std::move(f.feeds).value_or(std::vector<std::string>{});
  c.filters = std::move(f.filters).value_or(std::vector<std::string>{});
  c.changeStamp = f.changeStamp.value_or(0);
  c.refURL = std::move(f.refURL).value_or("");
  c.resultsURL = std::move(f.resultsURL).value_or("");
  c.suggestedTagsURL = std::move(f.suggestedTagsURL).value_or("");
  c.socialContactCount = f.socialContactCount;
  return c;
}

void writeCampaign(xml::Writer& w, const Campaign& c) {
  w.open("Campaign");
  writeInteger(w, "changeStamp", c.changeStamp);
  w.leaf("chatInvitationFeed", c.chatInvitationFeed)
      .leaf("description", c.description)
      .leaf("excludeExpr", c.excludeExpr);
  writeList(w, "feeds", "feed", c.feeds);
  writeList(w, "filters", "filter", c.filters);
  w.leaf("includeExpr", c.includeExpr);
  if (c.socialContactCount) {
    w.open("metrics");
    writeInteger(w, "socialContactCount", *c.socialContactCount);
    w.close();
  }
  w.leaf("name", c.name).leaf("publicId", c.publicId);
  if (!c.refURL.empty()) w.leaf("refURL", c.refURL);
  if (!c.resultsURL.empty()) w.leaf("resultsURL", c.resultsURL);
  if (!c.suggestedTagsURL.empty()) w.leaf("suggestedTagsURL", c.suggestedTagsURL);
  w.close();
}

}  // namespace


bool isValidPublicId(std::string_view publicId) noexcept {
  return !publicId.empty() && publicId.size() <= kMaxPublicIdChars &&
         std::all_of(publicId.begin(), publicId.end(), isPublicIdChar);
}

Parsed<Campaign> parseCampaign(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, "Campaign");
  if (!doc) return doc.problems();
  Problems problems;
  CampaignFields f = readCampaign(*doc, problems);
  if (!doc->child("name") || f.nameEmpty) problems.push_back(fieldRequired("name"));
  if (!problems.empty()) return problems;
  return toCampaign(std::move(f));
}

Parsed<CampaignUpdate> parseCampaignUpdate(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, "Campaign");
  if (!doc) return doc.problems();
  Problems problems;
  CampaignFields f = readCampaign(*doc, problems);
  if (doc->child("name") && f.nameEmpty) problems.push_back(fieldRequired("name"));
  // An empty <changeStamp/> is as missing as an absent one: the check needs a value.
  if (trimXmlSpace(doc->childText("changeStamp")).empty()) problems.push_back(fieldRequired("changeStamp"));
  if (!problems.empty()) return problems;
  CampaignUpdate u;
  u.changeStamp = *f.changeStamp;
  u.name = std::move(f.name);
  u.publicId = std::move(f.publicId);
  u.description = std::move(f.description);
  u.includeExpr = std::move(f.includeExpr);
  u.excludeExpr = std::move(f.excludeExpr);
  u.chatInvitationFeed = std::move(f.chatInvitationFeed);
  u.feeds = std::move(f.feeds);
  u.filters = std::move(f.filters);
  return u;
}

void applyCampaignUpdate(Campaign& c, const CampaignUpdate& u) {
  if (u.name) c.name = *u.name;
  if (u.description) c.description = *u.description;
  if (u.includeExpr) c.includeExpr = *u.includeExpr;
  if (u.excludeExpr) c.excludeExpr = *u.excludeExpr;
  if (u.chatInvitationFeed) c.chatInvitationFeed = *u.chatInvitationFeed;
  if (u.feeds) c.feeds = *u.feeds;
  if (u.filters) c.filters = *u.filters;
}

std::string serializeCampaign(const Campaign& campaign) {
  xml::Writer w;
  writeCampaign(w, campaign);
  return w.take();
}

std::string serializeCampaigns(std::span<const Campaign> campaigns) {
  xml::Writer w;
  w.open("campaigns");
  for (const Campaign& c : campaigns) writeCampaign(w, c);
  w.close();
  return w.take();
}

Parsed<std::vector<Campaign>> parseCampaigns(std::string_view body) {
  Parsed<xml::Element> doc = parseXmlBody(body, "campaigns");
  if (!doc) return doc.problems();
  Problems problems;
  std::vector<Campaign> campaigns;
  for (const xml::Element& e : doc->children("Campaign"))
    campaigns.push_back(toCampaign(readCampaign(e, problems)));
  if (!problems.empty()) return problems;
  return campaigns;
}

std::string serializeSuggestedTags(std::span<const std::string> tags) {
  xml::Writer w;
  w.open("SuggestedTags");
  writeList(w, "tags", "tag", tags);
  w.close();
  return w.take();
}

}  // namespace smfront::ccp
