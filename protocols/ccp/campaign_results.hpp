#pragma once
// A campaign's results: its contacts as an Atom 1.0 feed, newest first, a page
// at a time (spec §8.2). SocialMiner's own fields ride in the ccp: namespace.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smfront::ccp {

/// The namespace of the ccp: elements (SocialMiner does not document its URI).
inline constexpr std::string_view kCampaignResultsNs = "http://www.cisco.com/ccp/campaign/results";

struct CampaignResultEntry {
  std::string title;
  std::string alternateHref;     // the contact's link (its source), or its refURL
  std::string socialContactHref; // the contact's refURL
  std::string summary;
  std::int64_t publishedMs = 0;
  std::string status;
  std::int64_t statusTimestampMs = 0;
  std::string statusReason;
  std::vector<std::string> tags;
  std::string statusUserId;
  std::string sourceType;
  bool softLocked = false;
};

struct CampaignResultsPage {
  std::string title;   // the campaign's name
  std::string id;      // a stable IRI for the feed, e.g. its results URL
  std::int64_t updatedMs = 0;
  std::string selfHref;
  std::optional<std::string> nextHref;
  std::vector<CampaignResultEntry> entries;
};

/// Atom 1.0; times as YYYY-MM-DDTHH:MM:SSZ, the one place SocialMiner uses them.
std::string serializeCampaignResults(const CampaignResultsPage& page);

}  // namespace smfront::ccp
