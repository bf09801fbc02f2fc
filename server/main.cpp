// smfront: a SocialMiner network front end for labs, widget developers and load tests.
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <stdexcept>

#include "app.hpp"
#include "media_routing/mr_table_lua.hpp"
#include "config/command_line.hpp"
#include "config/config_loader.hpp"
#include "config/config_printer.hpp"
#include "logging.hpp"
#include "net/http_door.hpp"
#include "net/tls_context.hpp"
#include "store/sqlite_store.hpp"

namespace {
// Exit codes: 0 clean stop, 1 could not start (ports, TLS), 2 bad command line or config.
constexpr int kCannotStart = 1;
constexpr int kBadInput = 2;
}  // namespace

int main(int argc, char** argv) {
  using namespace smfront;
  config::CommandLine commandLine;
  try {
    commandLine = config::parseCommandLine(argc, argv);
  } catch (const config::UsageError& e) {
    std::cerr << "smfront: " << e.what() << "\n" << config::usageText();
    return kBadInput;
  }
  if (commandLine.help) {
    std::cout << config::usageText();
    return 0;
  }
  if (commandLine.printMrTable) {
    std::cout << media_routing::mrTableLua();
    return 0;
  }
  if (commandLine.version) {
    std::cout << "smfront " << SMFRONT_VERSION << "\n";
    return 0;
  }

  config::Config cfg;
  try {
    cfg = commandLine.configFile ? config::loadConfigFile(*commandLine.configFile) : config::defaults();
    config::applyCommandLine(cfg, commandLine);
  } catch (const std::exception& e) {  // ConfigError, UsageError
    std::cerr << "smfront: invalid configuration:\n" << e.what() << "\n";
    return kBadInput;
  }
  if (commandLine.printConfig) {
    std::cout << config::toJson(cfg) << "\n";
    return 0;
  }

  setUpApplicationLog(cfg.log.level);
  // A file-size limit reached must fail the write (the store answers 503 and
  // retries), not kill the process.
  std::signal(SIGXFSZ, SIG_IGN);
  try {
    if (commandLine.exportFile) return exportStore(cfg, *commandLine.exportFile);
    return runServer(cfg);
  } catch (const store::StoreOpenError& e) {
    std::cerr << "smfront: cannot use the store: " << e.what() << "\n";
  } catch (const std::filesystem::filesystem_error& e) {
    std::cerr << "smfront: " << e.what() << "\n";
  } catch (const net::BindError& e) {
    std::cerr << "smfront: " << e.what() << "\n";
  } catch (const net::TlsError& e) {
    std::cerr << "smfront: " << e.what() << "\n";
  } catch (const std::invalid_argument& e) {  // seeds the domain refuses, e.g. two feeds of one name
    std::cerr << "smfront: invalid configuration:\n" << e.what() << "\n";
    return kBadInput;
  } catch (const std::runtime_error& e) {  // e.g. --export cannot write its file
    std::cerr << "smfront: " << e.what() << "\n";
  }
  return kCannotStart;
}
