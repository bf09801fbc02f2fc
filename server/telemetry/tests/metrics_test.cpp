#include "telemetry/metrics.hpp"

#include <gtest/gtest.h>

namespace smfront::telemetry {
namespace {

bool contains(const std::string& text, const std::string& line) { return text.find(line) != std::string::npos; }

TEST(Metrics, CountersRenderWithHelpTypeAndEscapedLabels) {
  Registry r;
  r.counter("smfront_http_requests_total", "HTTP requests answered", {{"route", "/a\"b"}, {"code", "200"}}).inc(3);
  r.counter("smfront_http_requests_total", "HTTP requests answered", {{"route", "/a\"b"}, {"code", "200"}}).inc();
  const auto text = r.renderPrometheus();
  EXPECT_TRUE(contains(text, "# HELP smfront_http_requests_total HTTP requests answered\n"));
  EXPECT_TRUE(contains(text, "# TYPE smfront_http_requests_total counter\n"));
  EXPECT_TRUE(contains(text, "smfront_http_requests_total{route=\"/a\\\"b\",code=\"200\"} 4\n")) << text;
}

TEST(Metrics, HistogramBucketsAreCumulativeWithInfSumAndCount) {
  Registry r;
  auto& h = r.histogram("lat_seconds", "latency", {{"door", "http"}}, {0.001, 0.01});
  h.observe(0.0005);
  h.observe(0.005);
  h.observe(0.005);
  h.observe(2);
  const auto text = r.renderPrometheus();
  EXPECT_TRUE(contains(text, "lat_seconds_bucket{door=\"http\",le=\"0.001\"} 1\n")) << text;
  EXPECT_TRUE(contains(text, "lat_seconds_bucket{door=\"http\",le=\"0.01\"} 3\n"));
  EXPECT_TRUE(contains(text, "lat_seconds_bucket{door=\"http\",le=\"+Inf\"} 4\n"));
  EXPECT_TRUE(contains(text, "lat_seconds_count{door=\"http\"} 4\n"));
  EXPECT_TRUE(contains(text, "lat_seconds_sum{door=\"http\"} 2.0105\n"));
}

TEST(Metrics, GaugesAndCallbackGauges) {
  Registry r;
  auto& g = r.gauge("open_connections", "open", {{"door", "https"}});
  g.add(5);
  g.add(-2);
  int depth = 7;
  r.gaugeCallback("outbox_depth", "queued", {}, [&] { return depth; });
  depth = 9;
  const auto text = r.renderPrometheus();
  EXPECT_TRUE(contains(text, "open_connections{door=\"https\"} 3\n"));
  EXPECT_TRUE(contains(text, "outbox_depth 9\n")) << "callback gauges are read at scrape time";
}

TEST(Metrics, CallbackCountersAreReadAtScrapeTimeAndTypedCounter) {
  Registry r;
  std::uint64_t sent = 1;
  r.counterCallback("sent_total", "sent", {{"door", "mr"}}, [&] { return static_cast<double>(sent); });
  sent = 41;
  const auto text = r.renderPrometheus();
  EXPECT_TRUE(contains(text, "# TYPE sent_total counter\n"));
  EXPECT_TRUE(contains(text, "sent_total{door=\"mr\"} 41\n"));
  EXPECT_THROW(r.gaugeCallback("sent_total", "sent", {}, [] { return 0.0; }), std::logic_error);
}

TEST(Metrics, SameNameWithAnotherTypeIsABug) {
  Registry r;
  r.counter("x", "x");
  EXPECT_THROW(r.gauge("x", "x"), std::logic_error);
}

}  // namespace
}  // namespace smfront::telemetry
