#include "notify/im_delivery.hpp"

namespace smfront::notify {

void ImDelivery::online(Time now) {
  lastSent_ = 0;
  outboxDirty_ = true;
  barrierId_.clear();
  barrierSeq_ = 0;
  barrierCount_ = 0;
  keepaliveId_.clear();
  pingDeadline_.reset();
  lastActivity_ = now;
}

bool ImDelivery::startBatch() {
  if (!barrierId_.empty() || !outboxDirty_) return false;
  outboxDirty_ = false;
  return true;
}

void ImDelivery::batchSent(std::int64_t lastSeq, std::size_t count, std::string barrierId, Time now) {
  lastSent_ = lastSeq;
  barrierId_ = std::move(barrierId);
  barrierSeq_ = lastSeq;
  barrierCount_ = count;
  pingDeadline_ = now + options_.pingTimeout;
  if (count == options_.batch) outboxDirty_ = true;  // a full batch may have left more behind it
}

std::optional<ImDelivery::Confirmed> ImDelivery::pong(std::string_view id) {
  if (!barrierId_.empty() && id == barrierId_) {
    const Confirmed confirmed{barrierSeq_, barrierCount_};
    barrierId_.clear();
    barrierCount_ = 0;
    pingDeadline_.reset();
    outboxDirty_ = true;  // whatever came meanwhile goes in the next batch
    return confirmed;
  }
  if (!keepaliveId_.empty() && id == keepaliveId_) {
    keepaliveId_.clear();
    if (barrierId_.empty()) pingDeadline_.reset();
  }
  return std::nullopt;
}

ImDelivery::Due ImDelivery::due(Time now) const {
  if (now < deadline()) return Due::Nothing;
  return pingDeadline_ ? Due::Timeout : Due::Keepalive;
}

void ImDelivery::keepaliveSent(std::string id, Time now) {
  keepaliveId_ = std::move(id);
  pingDeadline_ = now + options_.pingTimeout;
  lastActivity_ = now;
}

ImDelivery::Time ImDelivery::deadline() const {
  return pingDeadline_ ? *pingDeadline_ : lastActivity_ + options_.pingIdle;
}

}  // namespace smfront::notify
