#include "config/config_printer.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "config/choice.hpp"

namespace smfront::config {

namespace json = boost::json;

namespace {

json::value usersJson(const std::vector<User>& users, bool maskSecrets) {
  json::array list;
  for (const User& user : users) {
    json::array roles;
    if (user.admin) roles.emplace_back("admin");
    if (user.agent) roles.emplace_back("agent");
    list.push_back(json::object{
        {"name", user.name},
        {"password", maskSecrets ? std::string("******") : user.password},
        {"roles", std::move(roles)},
    });
  }
  return list;
}

std::string_view feedTypeName(int type) {
  switch (type) {
    case 7: return "push";
    case 10: return "callback";
    case 12: return "task";
  }
  return "chat";
}

json::value feedsJson(const std::vector<FeedSeed>& feeds) {
  json::array list;
  for (const FeedSeed& f : feeds) {
    list.push_back(json::object{
        {"name", f.name},
        {"description", f.description},
        {"type", feedTypeName(f.type)},
        {"tags", json::array(f.tags.begin(), f.tags.end())},
        {"chat_join_timeout_s", f.chatJoinTimeoutS},
        {"chat_inactivity_timeout_s", f.chatInactivityTimeoutS},
        {"mr_routing", f.mrRouting},
    });
  }
  return list;
}

json::value campaignsJson(const std::vector<CampaignSeed>& campaigns) {
  json::array list;
  for (const CampaignSeed& c : campaigns) {
    list.push_back(json::object{
        {"name", c.name},
        {"public_id", c.publicId},
        {"description", c.description},
        {"feeds", json::array(c.feeds.begin(), c.feeds.end())},
    });
  }
  return list;
}

json::value virtualAgentsJson(const std::vector<VirtualAgent>& agents) {
  json::array list;
  for (const VirtualAgent& a : agents) {
    list.push_back(json::object{
        {"name", a.name},
        {"join_after_ms", a.joinAfter.count()},
        {"greeting", a.greeting},
        {"mode", a.mode},
        {"handle_ms", a.handleTime.count()},
    });
  }
  return list;
}

json::value notifyJson(const Notify& n, bool maskSecrets) {
  const XmppNotifier& x = n.xmpp;
  json::array delays;
  for (const auto& d : n.http.retryDelays) delays.emplace_back(d.count());
  return json::object{
      {"xmpp",
       {
           {"enabled", x.enabled},
           {"host", x.host},
           {"port", x.port},
           {"service", x.service},
           {"service_lookup", x.serviceLookup},
           {"username", x.username},
           {"password", maskSecrets && !x.password.empty() ? std::string("******") : x.password},
           {"resource", x.resource},
           {"tls", choiceName(x.tls)},
           {"tls_verify", x.tlsVerify},
           {"ca_file", x.caFile.string()},
           {"allow_plain_cleartext", x.allowPlainCleartext},
           {"backoff_initial_ms", x.backoffInitial.count()},
           {"backoff_max_ms", x.backoffMax.count()},
           {"auth_retry_ms", x.authRetry.count()},
           {"connect_timeout_ms", x.connectTimeout.count()},
           {"ping_idle_ms", x.pingIdle.count()},
           {"ping_timeout_ms", x.pingTimeout.count()},
       }},
      {"http",
       {
           {"retry_delays_ms", std::move(delays)},
           {"timeout_ms", n.http.timeout.count()},
       }},
  };
}

json::object limitsJson(const Limits& limits) {
  json::object out;
  for (const LimitField& field : kLimitFields) out.emplace(field.key, limits.*field.member);
  return out;
}

json::value configJson(const Config& c, bool maskSecrets) {
  // Same order as the loader reads, so printed output reads like the docs.
  return json::object{
      {"listeners",
       {
           {"bind", c.listeners.bind},
           {"http", c.listeners.http},
           {"https", c.listeners.https},
           {"bosh", c.listeners.bosh},
           {"boshs", c.listeners.boshs},
           {"mr", c.listeners.mr},
       }},
      {"tls",
       {
           {"cert", c.tls.cert.string()},
           {"key", c.tls.key.string()},
       }},
      {"xmpp_domain", c.xmppDomain},
      {"server",
       {
           {"fqdn", c.server.fqdn},
           {"threads", c.server.threads},
           {"data_dir", c.server.dataDir.string()},
           {"store", choiceName(c.server.store)},
           {"store_sync", choiceName(c.server.storeSync)},
           {"store_min_free_mb", c.server.storeMinFreeMb},
           {"retention_days", c.server.retentionDays},
           {"status_access", choiceName(c.server.statusAccess)},
           {"web_root", c.server.webRoot.string()},
           {"shutdown_grace_ms", c.server.shutdownGrace.count()},
       }},
      {"http",
       {
           {"max_header_bytes", c.http.maxHeaderBytes},
           {"max_body_bytes", c.http.maxBodyBytes},
           {"read_timeout_ms", c.http.readTimeout.count()},
           {"idle_timeout_ms", c.http.idleTimeout.count()},
           {"max_connections", c.http.maxConnections},
       }},
      {"bosh",
       {
           {"max_wait", c.bosh.maxWait.count()},
           {"inactivity", c.bosh.inactivity.count()},
           {"allow_plain_cleartext", c.bosh.allowPlainCleartext},
       }},
      {"limits", limitsJson(c.limits)},
      {"log",
       {
           {"level", toString(c.log.level)},
           {"access", c.log.access},
           {"access_query_values", c.log.accessQueryValues},
       }},
      {"users", usersJson(c.users, maskSecrets)},
      {"public_base_url", c.publicBaseUrl},
      {"cors_origins", json::array(c.corsOrigins.begin(), c.corsOrigins.end())},
      {"chat_redirect_url", c.chatRedirectUrl},
      {"feeds", feedsJson(c.feeds)},
      {"campaigns", campaignsJson(c.campaigns)},
      {"virtual_agents", virtualAgentsJson(c.virtualAgents)},
      {"routing", choiceName(c.routing)},
      {"mr",
       {
           {"tls", c.mr.tls},
           {"tls_client_ca", c.mr.tlsClientCa.string()},
           {"allowed_peers", json::array(c.mr.allowedPeers.begin(), c.mr.allowedPeers.end())},
           {"float_width", c.mr.floatWidth},
           {"mrd", {{"callback", c.mr.mrdCallback}, {"task", c.mr.mrdTask}, {"chat", c.mr.mrdChat}}},
           {"default_script_selector", c.mr.defaultScriptSelector},
           {"retry_delay", c.mr.retryDelay.count()},
           {"new_task_timeout", c.mr.newTaskTimeout.count()},
           {"task_life", c.mr.taskLife.count()},
       }},
      {"agent_task_limit", c.agentTaskLimit},
      {"avg_handle_seconds", c.avgHandleTime.count()},
      {"request_expiry_ms", c.requestExpiry.count()},
      {"notify", notifyJson(c.notify, maskSecrets)},
  };
}

// Boost.JSON 1.81 only serializes compactly; this adds two-space indentation.
void printPretty(std::string& out, const json::value& value, std::size_t depth) {
  const auto newline = [&out](std::size_t level) {
    out += '\n';
    out.append(level * 2, ' ');
  };
  if (const json::object* object = value.if_object()) {
    if (object->empty()) {
      out += "{}";
      return;
    }
    out += '{';
    bool first = true;
    for (const auto& entry : *object) {
      if (!first) out += ',';
      first = false;
      newline(depth + 1);
      out += json::serialize(json::string_view(entry.key()));
      out += ": ";
      printPretty(out, entry.value(), depth + 1);
    }
    newline(depth);
    out += '}';
  } else if (const json::array* array = value.if_array()) {
    if (array->empty()) {
      out += "[]";
      return;
    }
    out += '[';
    bool first = true;
    for (const json::value& element : *array) {
      if (!first) out += ',';
      first = false;
      newline(depth + 1);
      printPretty(out, element, depth + 1);
    }
    newline(depth);
    out += ']';
  } else {
    out += json::serialize(value);
  }
}

}  // namespace

std::string toJson(const Config& config, bool maskSecrets) {
  std::string out;
  printPretty(out, configJson(config, maskSecrets), 0);
  out += '\n';
  return out;
}

}  // namespace smfront::config
