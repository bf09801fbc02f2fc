#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ccp/parsed.hpp"

namespace smfront::ccp {

/// One transcript line: a message from the customer or an agent.
struct TranscriptChat {
  std::int64_t time = 0;  ///< ms since the epoch
  std::string name;       ///< author or agent nick
  std::string msg;        ///< plain text

  friend bool operator==(const TranscriptChat&, const TranscriptChat&) = default;
};

struct TranscriptParticipant {
  std::string agentName;
  std::string nickName;

  friend bool operator==(const TranscriptParticipant&, const TranscriptParticipant&) = default;
};

/// A chat transcript (spec §3.8). The customer form uses startDate and chats only.
struct ChatTranscript {
  std::string id;
  std::string refURL;
  std::int64_t startDate = 0;
  /// Absent while the chat is live (written as an empty <endDate/>).
  std::optional<std::int64_t> endDate;
  std::vector<TranscriptParticipant> participants;
  std::vector<TranscriptChat> chats;

  friend bool operator==(const ChatTranscript&, const ChatTranscript&) = default;
};

/// @brief Customer form: `<ChatTranscript><startDate/><transcript><chat><time/><name/><msg/>`…
std::string serializeCustomerTranscript(const ChatTranscript& transcript);

/// @brief Admin form: id, refURL, startDate, endDate, participants/participant/{agentName,
/// nickName}, transcript/chat/{time,name,msg}.
std::string serializeAdminTranscript(const ChatTranscript& transcript);

/// @brief Reads either form; elements the body lacks keep their defaults.
Parsed<ChatTranscript> parseChatTranscript(std::string_view body);

/// @brief A complete English HTML page of the transcript (UTC times); every text is escaped.
std::string renderTranscriptHtml(const ChatTranscript& transcript);

/// @brief Attachment name `ChatTranscript_<author>-YYYY_DD_MMM_hh_mm.html` for a transcript
/// downloaded at @p atMs (UTC, 24-hour). In the author, spaces become '_', and so do the
/// characters that would break a quoted Content-Disposition file name (controls " \ /).
std::string transcriptFileName(std::string_view author, std::int64_t atMs);

}  // namespace smfront::ccp
