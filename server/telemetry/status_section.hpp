#pragma once
// How a part of the server that keeps state of its own (the MR link, the
// notifiers) shows it in /ccp/status: one JSON object under the part's name.
// Sections are written on the core strand, so a part may read what the strand
// owns without a lock.
#include <string_view>

namespace boost::json {
class object;
}

namespace smfront::telemetry {

class StatusSection {
 public:
  /// The key of the section in /ccp/status ("mr", "xmpp_notifier", ...).
  virtual std::string_view statusName() const = 0;
  virtual void writeStatus(boost::json::object& section) const = 0;

 protected:
  ~StatusSection() = default;
};

}  // namespace smfront::telemetry
