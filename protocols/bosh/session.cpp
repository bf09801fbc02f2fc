#include "bosh/session.hpp"

#include <algorithm>
#include <utility>

#include "bosh/bodies.hpp"
#include "bosh/namespaces.hpp"
#include "xml/writer.hpp"

namespace smfront::bosh {

namespace {

struct Version {
  std::uint64_t major = 1;
  std::uint64_t minor = 0;

  auto operator<=>(const Version&) const = default;
};

constexpr Version kOurVersion{1, 6};

// Assigning an empty string keeps the old heap buffer in libstdc++; swapping gives it back.
void release(std::string& text) noexcept { std::string().swap(text); }

std::optional<Version> parseVersion(std::string_view text) {
  const std::size_t dot = text.find('.');
  if (dot == std::string_view::npos) return std::nullopt;
  const auto major = parseUnsigned(text.substr(0, dot));
  const auto minor = parseUnsigned(text.substr(dot + 1));
  if (!major || !minor) return std::nullopt;
  return Version{*major, *minor};
}

// Domain names compare without regard to ASCII case (RFC 4343).
bool sameDomain(std::string_view a, std::string_view b) noexcept {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return lower(x) == lower(y);
  });
}

std::uint32_t seconds32(std::chrono::seconds s) noexcept {
  return static_cast<std::uint32_t>(std::clamp<std::chrono::seconds::rep>(s.count(), 0, UINT32_MAX));
}

Creation refuse(Condition condition) {
  Creation creation;
  creation.condition = condition;
  creation.body = terminateBody(condition);
  return creation;
}

}  // namespace

Creation Session::create(const Request& request, const SessionConfig& config, std::string sid,
                         std::string_view features, Time now) {
  if (!request.wait || !request.hold || *request.hold == 0) return refuse(Condition::BadRequest);
  if (request.rid == 0 || request.rid > kMaxRid) return refuse(Condition::BadRequest);
  if (request.to.empty()) return refuse(Condition::ImproperAddressing);
  if (!sameDomain(request.to, config.domain)) return refuse(Condition::HostUnknown);

  Session s;
  s.sid_ = std::move(sid);
  s.wait_ = static_cast<std::uint32_t>(std::min<std::uint64_t>(*request.wait, seconds32(config.maxWait)));
  const std::uint64_t holdCeiling = std::max<std::uint32_t>(config.hold, 1);
  s.hold_ = static_cast<std::uint16_t>(std::clamp<std::uint64_t>(*request.hold, 1, holdCeiling));
  s.requests_ = static_cast<std::uint16_t>(std::clamp<std::uint32_t>(config.requests, 1, UINT16_MAX));
  s.inactivity_ = seconds32(config.inactivity);
  s.maxPause_ = seconds32(config.maxPause);
  s.maxPending_ = config.maxPendingBytes;
  s.acks_ = request.ack == 1u;
  s.lastRid_ = request.rid;
  s.idleSince_ = now;

  const Version ver = std::min(parseVersion(request.ver).value_or(Version{1, 0}), kOurVersion);
  const std::string verText = std::to_string(ver.major) + "." + std::to_string(ver.minor);

  CreationAttributes attributes;
  attributes.sid = s.sid_;
  attributes.from = config.domain;
  attributes.wait = std::chrono::seconds(s.wait_);
  attributes.hold = s.hold_;
  attributes.requests = s.requests_;
  attributes.inactivity = config.inactivity;
  attributes.polling = config.polling;
  attributes.maxPause = config.maxPause;
  attributes.ver = verText;
  attributes.secure = config.secure;
  if (s.acks_) attributes.ack = request.rid;

  Creation creation;
  creation.body = creationBody(attributes, features);
  s.remember(request.rid, creation.body);
  creation.session = std::move(s);
  return creation;
}

Outcome Session::onRequest(Request&& request, Ticket ticket, Time now) {
  Outcome out;
  if (state_ == State::Finished) {
    out.replies.push_back(Reply{ticket, terminateBody(Condition::ItemNotFound)});
    return out;
  }
  if (state_ == State::Closing) {
    // The terminate body has waited for this request; any rid collects it.
    out.replies.push_back(Reply{ticket, std::move(pending_)});
    finish();
    return out;
  }

  pauseGap_.reset();
  if (request.ack) dropAcknowledged(*request.ack);

  const std::uint64_t rid = request.rid;
  if (rid == 0 || rid > kMaxRid) {
    endWith(Condition::BadRequest, EndReason::ServerTerminated, {}, false, ticket, now, out);
    return out;
  }

  if (rid <= lastRid_) {
    // A retransmission: never run its stanzas again.
    if (const Cached* answer = cached(rid)) {
      out.replies.push_back(Reply{ticket, answer->body});
      settle(now, true, out);
      return out;
    }
    for (Held& held : held_) {
      if (held.rid != rid) continue;
      // The client gave up on the older HTTP request; it still gets an answer, but the real
      // one goes on the newer request, within a fresh wait.
      out.replies.push_back(Reply{held.ticket, responseBody()});
      held.ticket = ticket;
      held.since = now;
      settle(now, true, out);
      return out;
    }
    endWith(Condition::ItemNotFound, EndReason::ServerTerminated, {}, false, ticket, now, out);
    return out;
  }

  if (rid - lastRid_ > requests_) {
    endWith(Condition::ItemNotFound, EndReason::ServerTerminated, {}, false, ticket, now, out);
    return out;
  }

  if (rid != lastRid_ + 1) {
    for (Parked& parked : parked_) {
      if (parked.request.rid != rid) continue;
      if (parked.ticket) out.replies.push_back(Reply{*parked.ticket, responseBody()});
      parked.ticket = ticket;
      parked.since = now;
      settle(now, true, out);
      return out;
    }
    parked_.push_back(Parked{std::move(request), ticket, now});
    settle(now, true, out);
    return out;
  }

  process(std::move(request), ticket, now, now, out);
  // Successors that arrived early run now, in rid order.
  while (state_ == State::Open) {
    auto next = std::find_if(parked_.begin(), parked_.end(),
                             [&](const Parked& p) { return p.request.rid == lastRid_ + 1; });
    if (next == parked_.end()) break;
    Parked parked = std::move(*next);
    parked_.erase(next);
    process(std::move(parked.request), parked.ticket, parked.since, now, out);
  }
  settle(now, true, out);
  return out;
}

void Session::process(Request&& request, std::optional<Ticket> ticket, Time since, Time now, Outcome& out) {
  const std::uint64_t rid = request.rid;
  lastRid_ = rid;

  if (request.terminate) {
    out.inbound.push_back(Inbound{rid, false, true, std::move(request.payload)});
    endWith(Condition::None, EndReason::ClientTerminated, {}, false, ticket, now, out);
    return;
  }
  if (request.pause && *request.pause > maxPause_) {
    endWith(Condition::PolicyViolation, EndReason::ServerTerminated, {}, false, ticket, now, out);
    return;
  }

  Inbound inbound{rid, request.restart, false, {}};
  // XEP-0206 §5: whatever rides on a restart request is not part of the new stream.
  if (!request.restart) inbound.stanzas = std::move(request.payload);
  out.inbound.push_back(std::move(inbound));

  if (request.pause) {
    // XEP-0124 §10: answer everything now; the client is about to go quiet.
    pauseGap_ = static_cast<std::uint32_t>(*request.pause);
    while (!held_.empty()) releaseHeld(0, out);
    if (ticket) {
      std::string payload;
      payload.swap(pending_);
      answer(rid, *ticket, payload, out);
    } else {
      remember(rid, responseBody());
    }
    return;
  }

  if (!ticket) {
    // Its HTTP request already got an empty body at wait expiry; a replay must see the same.
    remember(rid, responseBody());
    return;
  }
  if (held_.size() >= hold_) releaseHeld(0, out);
  held_.push_back(Held{rid, *ticket, since});
}

Outcome Session::reject(Ticket ticket, Condition condition, Time now) {
  Outcome out;
  if (state_ == State::Open) {
    endWith(condition, EndReason::ServerTerminated, {}, false, ticket, now, out);
  } else if (state_ == State::Closing) {
    out.replies.push_back(Reply{ticket, std::move(pending_)});
    finish();
  } else {
    out.replies.push_back(Reply{ticket, terminateBody(condition)});
  }
  return out;
}

Outcome Session::deliver(std::string_view stanzas, Time now) {
  Outcome out;
  if (state_ != State::Open) return out;  // nobody left to read them
  if (pending_.size() + stanzas.size() > maxPending_) {
    endWith(Condition::PolicyViolation, EndReason::ServerTerminated, {}, false, std::nullopt, now, out);
    return out;
  }
  pending_ += stanzas;
  settle(now, false, out);
  return out;
}

bool Session::hasRoomForOptional(std::size_t bytes) const noexcept {
  if (state_ != State::Open) return false;
  const std::size_t share = maxPending_ - maxPending_ / 4;
  return bytes <= share && pending_.size() <= share - bytes;
}

Outcome Session::deliver(const xml::Element& stanza, Time now) {
  return deliver(xml::serialize(stanza, kHttpBindNs), now);
}

Outcome Session::flush(Time now) {
  Outcome out;
  if (state_ != State::Open) return out;
  if (!held_.empty() && !pending_.empty()) releaseHeld(0, out);
  settle(now, false, out);
  return out;
}

Outcome Session::terminate(Condition condition, Time now, std::string_view payload) {
  Outcome out;
  if (state_ != State::Open) return out;
  endWith(condition, EndReason::ServerTerminated, payload, true, std::nullopt, now, out);
  return out;
}

Outcome Session::onTimer(Time now) {
  Outcome out;
  if (state_ == State::Finished) return out;
  if (state_ == State::Closing) {
    if (now >= idleSince_ + inactivity()) finish();
    return out;
  }

  const std::chrono::seconds waitLimit = wait();
  for (std::size_t i = 0; i < held_.size();) {
    if (held_[i].since + waitLimit <= now) {
      releaseHeld(i, out);
    } else {
      ++i;
    }
  }
  for (Parked& parked : parked_) {
    if (parked.ticket && parked.since + waitLimit <= now) {
      out.replies.push_back(Reply{*parked.ticket, responseBody()});
      parked.ticket.reset();
    }
  }
  settle(now, false, out);

  if (openCount() == 0 && now >= idleSince_ + idleLimit()) {
    finish();
    out.flushWanted = false;
    out.ended = Ended{EndReason::Inactive, Condition::None};
  }
  return out;
}

std::optional<Time> Session::nextDeadline() const {
  switch (state_) {
    case State::Finished:
      return std::nullopt;
    case State::Closing:
      return idleSince_ + inactivity();
    case State::Open:
      break;
  }
  std::optional<Time> deadline;
  auto consider = [&](Time t) {
    if (!deadline || t < *deadline) deadline = t;
  };
  for (const Held& held : held_) consider(held.since + wait());
  for (const Parked& parked : parked_) {
    if (parked.ticket) consider(parked.since + wait());
  }
  if (openCount() == 0) consider(idleSince_ + idleLimit());
  return deadline;
}

void Session::answer(std::uint64_t rid, Ticket ticket, std::string_view payload, Outcome& out) {
  std::optional<std::uint64_t> ack;
  if (acks_ && lastRid_ != rid) ack = lastRid_;
  std::string body = responseBody(payload, ack);
  remember(rid, body);
  out.replies.push_back(Reply{ticket, std::move(body)});
}

void Session::releaseHeld(std::size_t index, Outcome& out) {
  const Held held = held_[index];
  held_.erase(held_.begin() + static_cast<std::ptrdiff_t>(index));
  // Swapping leaves pending_ without a heap buffer: an idle session keeps none.
  std::string payload;
  payload.swap(pending_);
  answer(held.rid, held.ticket, payload, out);
}

void Session::remember(std::uint64_t rid, std::string body) {
  Cached& slot = cache_[nextSlot_];
  slot.rid = rid;
  slot.body = std::move(body);
  nextSlot_ = static_cast<std::uint8_t>((nextSlot_ + 1) % cache_.size());
}

const Session::Cached* Session::cached(std::uint64_t rid) const noexcept {
  for (const Cached& slot : cache_) {
    if (slot.rid == rid && rid != 0) return &slot;
  }
  return nullptr;
}

void Session::dropAcknowledged(std::uint64_t ack) noexcept {
  for (Cached& slot : cache_) {
    if (slot.rid != 0 && slot.rid <= ack) {
      slot.rid = 0;
      release(slot.body);
    }
  }
}

void Session::endWith(Condition condition, EndReason reason, std::string_view payload, bool sendPending,
                      std::optional<Ticket> extra, Time now, Outcome& out) {
  std::string content;
  if (sendPending) content = std::move(pending_);
  content += payload;

  // Oldest first: held requests have the lowest rids, then the early ones, then the request
  // being handled.
  std::vector<Ticket> tickets;
  for (const Held& held : held_) tickets.push_back(held.ticket);
  std::sort(parked_.begin(), parked_.end(),
            [](const Parked& a, const Parked& b) { return a.request.rid < b.request.rid; });
  for (const Parked& parked : parked_) {
    if (parked.ticket) tickets.push_back(*parked.ticket);
  }
  if (extra) tickets.push_back(*extra);

  std::string first = terminateBody(condition, content);
  finish();
  if (tickets.empty()) {
    // Nobody to tell yet: the client's next request collects it.
    state_ = State::Closing;
    pending_ = std::move(first);
    idleSince_ = now;
  } else {
    out.replies.push_back(Reply{tickets.front(), std::move(first)});
    for (std::size_t i = 1; i < tickets.size(); ++i) {
      out.replies.push_back(Reply{tickets[i], terminateBody(condition)});
    }
  }
  out.flushWanted = false;
  out.ended = Ended{reason, condition};
}

void Session::finish() noexcept {
  state_ = State::Finished;
  // Release every buffer now; the door may keep the object a little longer.
  release(pending_);
  held_ = std::vector<Held>();
  parked_ = std::vector<Parked>();
  for (Cached& slot : cache_) {
    slot.rid = 0;
    release(slot.body);
  }
  pauseGap_.reset();
}

std::size_t Session::openCount() const noexcept {
  return held_.size() + static_cast<std::size_t>(std::count_if(
                            parked_.begin(), parked_.end(), [](const Parked& p) { return p.ticket.has_value(); }));
}

void Session::settle(Time now, bool activity, Outcome& out) {
  if (state_ != State::Open) {
    out.flushWanted = false;
    return;
  }
  if (openCount() == 0) {
    // Inactivity runs from the moment the last open request was answered, or from the
    // last request seen when that one was answered at once.
    if (!idle_ || activity) idleSince_ = now;
    idle_ = true;
  } else {
    idle_ = false;
  }
  out.flushWanted = !pending_.empty() && !held_.empty();
}

std::chrono::seconds Session::idleLimit() const noexcept {
  return std::chrono::seconds(pauseGap_ ? *pauseGap_ : inactivity_);
}

}  // namespace smfront::bosh
