#include "ccp/campaign_results.hpp"

#include "ccp/utc_time.hpp"
#include "xml/writer.hpp"

namespace smfront::ccp {

std::string serializeCampaignResults(const CampaignResultsPage& page) {
  xml::Writer w;
  w.open("feed", "http://www.w3.org/2005/Atom").attr("xmlns:ccp", kCampaignResultsNs);
  w.leaf("title", page.title).leaf("id", page.id).leaf("updated", formatIso8601(page.updatedMs));
  w.open("link").attr("rel", "self").attr("href", page.selfHref).close();
  if (page.nextHref) w.open("link").attr("rel", "next").attr("href", *page.nextHref).close();
  for (const auto& e : page.entries) {
    w.open("entry").leaf("title", e.title).leaf("id", e.socialContactHref);
    w.open("link").attr("rel", "alternate").attr("href", e.alternateHref).close();
    w.open("link").attr("rel", "socialcontact").attr("href", e.socialContactHref).close();
    w.leaf("summary", e.summary).leaf("published", formatIso8601(e.publishedMs));
    w.leaf("updated", formatIso8601(e.statusTimestampMs));
    w.leaf("ccp:status", e.status).leaf("ccp:statustimestamp", formatIso8601(e.statusTimestampMs));
    w.leaf("ccp:scstatusreason", e.statusReason);
    w.open("ccp:sctags");
    for (const auto& tag : e.tags) w.leaf("ccp:sctag", tag);
    w.close();
    w.leaf("ccp:scstatususerid", e.statusUserId).leaf("ccp:sourcetype", e.sourceType);
    w.leaf("ccp:scissoftlocked", e.softLocked ? "true" : "false");
    w.close();
  }
  w.close();
  return w.take();
}

}  // namespace smfront::ccp
