// mrpg-sim: a lab MR PG (PIM) for smfront's Media Routing door; see mr-protocol.md §11.
#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "options.hpp"
#include "simulator.hpp"

int main(int argc, char** argv) {
  using namespace smfront::mrpgsim;
  Parsed parsed;
  try {
    parsed = parseOptions(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const UsageError& e) {
    std::fprintf(stderr, "mrpg-sim: %s\n", e.what());
    return 2;
  }
  if (parsed.help) {
    std::fputs(usage().c_str(), stdout);
    return 0;
  }
  try {
    boost::asio::io_context io;
    Simulator simulator(io, parsed.options);
    simulator.start();
    io.run();
    return simulator.exitCode();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mrpg-sim: %s\n", e.what());
    return 1;
  }
}
