#include "notify/srv_lookup.hpp"

#include <arpa/nameser.h>
#include <netinet/in.h>
#include <resolv.h>

#include <algorithm>
#include <array>

namespace smfront::notify {

std::vector<SrvTarget> lookupXmppClientSrv(const std::string& domain) {
  struct Record {
    int priority = 0;
    int weight = 0;
    SrvTarget target;
  };
  struct __res_state state {};
  if (res_ninit(&state) != 0) return {};
  std::array<unsigned char, 8192> answer{};
  const std::string name = "_xmpp-client._tcp." + domain;
  const int length = res_nquery(&state, name.c_str(), ns_c_in, ns_t_srv, answer.data(), static_cast<int>(answer.size()));
  res_nclose(&state);
  if (length < 0) return {};
  ns_msg message;
  if (ns_initparse(answer.data(), length, &message) < 0) return {};
  std::vector<Record> records;
  for (int i = 0; i < ns_msg_count(message, ns_s_an); ++i) {
    ns_rr rr;
    if (ns_parserr(&message, ns_s_an, i, &rr) < 0 || ns_rr_type(rr) != ns_t_srv || ns_rr_rdlen(rr) < 7) continue;
    const unsigned char* data = ns_rr_rdata(rr);
    Record r;
    r.priority = ns_get16(data);
    r.weight = ns_get16(data + 2);
    r.target.port = static_cast<std::uint16_t>(ns_get16(data + 4));
    std::array<char, NS_MAXDNAME> host{};
    if (dn_expand(ns_msg_base(message), ns_msg_end(message), data + 6, host.data(), static_cast<int>(host.size())) < 0) {
      continue;
    }
    r.target.host = host.data();
    // "." alone means the service is decidedly not available (RFC 2782).
    if (r.target.host.empty() || r.target.host == ".") return {};
    records.push_back(std::move(r));
  }
  std::stable_sort(records.begin(), records.end(), [](const Record& a, const Record& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.weight > b.weight;
  });
  std::vector<SrvTarget> out;
  for (auto& r : records) out.push_back(std::move(r.target));
  return out;
}

}  // namespace smfront::notify
