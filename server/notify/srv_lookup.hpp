#pragma once
// DNS SRV lookup of _xmpp-client._tcp.<domain> (RFC 6120 3.2.1). Blocking:
// run it off the io_context's threads.
#include <cstdint>
#include <string>
#include <vector>

namespace smfront::notify {

struct SrvTarget {
  std::string host;
  std::uint16_t port = 0;
};

/// Targets in the order to try them (priority, then weight, highest first);
/// empty when there is no record, the lookup fails, or the domain says "no service".
std::vector<SrvTarget> lookupXmppClientSrv(const std::string& domain);

}  // namespace smfront::notify
