#include "json_line.hpp"

#include <cstdio>
#include <variant>

namespace smfront::mrpgsim {

JsonLine::JsonLine(double seconds) {
  char t[32];
  // Microseconds: benchmarks subtract these from another process's clock.
  std::snprintf(t, sizeof t, "{\"t\":%.6f", seconds);
  text_ = t;
}

void JsonLine::key(std::string_view name) {
  text_ += ",\"";
  text_ += name;
  text_ += "\":";
}

JsonLine& JsonLine::add(std::string_view name, std::string_view value) {
  key(name);
  text_ += '"';
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      text_ += '\\';
      text_ += c;
    } else if (u < 0x20 || u > 0x7E) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", u);
      text_ += escaped;
    } else {
      text_ += c;
    }
  }
  text_ += '"';
  return *this;
}

JsonLine& JsonLine::add(std::string_view name, std::uint64_t value) {
  key(name);
  text_ += std::to_string(value);
  return *this;
}

JsonLine& JsonLine::add(std::string_view name, bool value) {
  key(name);
  text_ += value ? "true" : "false";
  return *this;
}

std::string JsonLine::finish() {
  text_ += "}\n";
  return std::move(text_);
}

std::string taskIdText(const mr::TaskId& id) {
  return std::to_string(id.day) + "_" + std::to_string(id.callId) + "_" + std::to_string(id.sequence);
}

namespace {

void addCode(JsonLine& line, std::string_view key, mr::ErrorCode code) {
  line.add(key, mr::errorName(code));
}

}  // namespace

void describe(JsonLine& line, const mr::Message& message) {
  line.add("type", mr::messageName(mr::typeOf(message)));
  std::visit(
      [&](const auto& m) {
        using M = std::decay_t<decltype(m)>;
        if constexpr (mr::kHasDialogue<M>) {
          line.add("dlg", m.dialogue.dialogueId);
          line.add("seq", m.dialogue.sendSeqNo);
        }
        if constexpr (requires { m.invokeId; }) line.add("inv", m.invokeId);
        if constexpr (requires { m.status; }) addCode(line, "status", m.status);
        if constexpr (requires { m.errorCode; }) addCode(line, "code", m.errorCode);
        if constexpr (requires { m.taskId; }) line.add("task", taskIdText(m.taskId));
        if constexpr (requires { m.text; }) {
          if (!m.text.empty()) line.add("text", m.text);
        }
        if constexpr (std::is_same_v<M, mr::OpenReq>) {
          line.add("version", m.versionNumber);
          line.add("idle", m.idleTimeout);
          line.add("pg", m.peripheralId);
        } else if constexpr (std::is_same_v<M, mr::NewTask>) {
          line.add("mrd", m.mrDomainId);
          if (!m.scriptSelector.empty()) line.add("sel", m.scriptSelector);
          if (!m.dialedNumber.empty()) line.add("dn", m.dialedNumber);
          line.add("reason", static_cast<std::uint32_t>(m.reason));
          if (!m.applicationString1.empty()) line.add("contact", m.applicationString1);
        } else if constexpr (std::is_same_v<M, mr::TaskQueuedEvent>) {
          if (m.estimatedWaitTime != mr::kNone) line.add("ewt", m.estimatedWaitTime);
        } else if constexpr (std::is_same_v<M, mr::DoThisWithTask>) {
          line.add("label", m.label);
          line.add("agent", m.icmAgentId);
        } else if constexpr (std::is_same_v<M, mr::RoutingStatusEvent>) {
          line.add("available", m.routingAvailable);
        }
      },
      message);
}

}  // namespace smfront::mrpgsim
