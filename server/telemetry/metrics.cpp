#include "telemetry/metrics.hpp"

#include <cmath>
#include <stdexcept>
#include <variant>

namespace smfront::telemetry {

Histogram::Histogram(std::vector<double> upperBounds)
    : upperBounds_(std::move(upperBounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(upperBounds_.size() + 1)) {}

void Histogram::observe(double value) {
  std::size_t i = 0;
  while (i < upperBounds_.size() && value > upperBounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  const auto micros = value > 0 ? static_cast<std::uint64_t>(std::llround(value * 1e6)) : 0;
  sumMicros_.fetch_add(micros, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  s.upperBounds = upperBounds_;
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= upperBounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    s.cumulativeCounts.push_back(running);
  }
  s.count = running;
  s.sum = static_cast<double>(sumMicros_.load(std::memory_order_relaxed)) / 1e6;
  return s;
}

std::vector<double> latencyBuckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

namespace {

void appendEscapedLabelValue(std::string& out, std::string_view v) {
  for (char c : v) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
}

// `{a="x",b="y"}`, or empty without labels; `extra` adds one more (le="...").
std::string labelText(const Labels& labels, std::string_view extraName = {}, std::string_view extraValue = {}) {
  if (labels.empty() && extraName.empty()) return {};
  std::string out = "{";
  bool first = true;
  auto add = [&](std::string_view name, std::string_view value) {
    if (!first) out += ',';
    first = false;
    out += name;
    out += "=\"";
    appendEscapedLabelValue(out, value);
    out += '"';
  };
  for (const auto& [name, value] : labels) add(name, value);
  if (!extraName.empty()) add(extraName, extraValue);
  out += '}';
  return out;
}

std::string formatNumber(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v == std::floor(v) && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

namespace detail {
struct MetricFamily {
  std::string help;
  std::string type;  // counter | gauge | histogram
  struct Series {
    Labels labels;
    std::variant<std::unique_ptr<Counter>, std::unique_ptr<Gauge>, std::unique_ptr<Histogram>, std::function<double()>>
        metric;
  };
  std::map<std::string, Series> series;  // by label text
};
}  // namespace detail

namespace {
// The series' metric of type M, created on first use.
template <class M, class... Args>
M& metricOf(detail::MetricFamily& family, const Labels& labels, Args&&... args) {
  auto& series = family.series[labelText(labels)];
  auto* slot = std::get_if<std::unique_ptr<M>>(&series.metric);
  if (slot == nullptr || !*slot) {
    series.labels = labels;
    series.metric = std::make_unique<M>(std::forward<Args>(args)...);
    slot = std::get_if<std::unique_ptr<M>>(&series.metric);
  }
  return **slot;
}
}  // namespace

Registry::Registry() = default;
Registry::~Registry() = default;

detail::MetricFamily& Registry::family(std::string_view name, std::string_view help, std::string_view type) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    auto f = std::make_unique<detail::MetricFamily>();
    f->help = help;
    f->type = type;
    it = families_.emplace(std::string(name), std::move(f)).first;
  } else if (it->second->type != type) {
    throw std::logic_error("metric " + std::string(name) + " registered as " + it->second->type + " and " +
                           std::string(type));
  }
  return *it->second;
}

Counter& Registry::counter(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  return metricOf<Counter>(family(name, help, "counter"), labels);
}

Gauge& Registry::gauge(std::string_view name, std::string_view help, const Labels& labels) {
  std::lock_guard lock(mutex_);
  return metricOf<Gauge>(family(name, help, "gauge"), labels);
}

Histogram& Registry::histogram(std::string_view name, std::string_view help, const Labels& labels,
                               const std::vector<double>& upperBounds) {
  std::lock_guard lock(mutex_);
  return metricOf<Histogram>(family(name, help, "histogram"), labels, upperBounds);
}

void Registry::callback(std::string_view name, std::string_view help, std::string_view type, const Labels& labels,
                        std::function<double()> read) {
  std::lock_guard lock(mutex_);
  auto& series = family(name, help, type).series[labelText(labels)];
  series.labels = labels;
  series.metric = std::move(read);
}

void Registry::gaugeCallback(std::string_view name, std::string_view help, const Labels& labels,
                             std::function<double()> read) {
  callback(name, help, "gauge", labels, std::move(read));
}

void Registry::counterCallback(std::string_view name, std::string_view help, const Labels& labels,
                               std::function<double()> read) {
  callback(name, help, "counter", labels, std::move(read));
}

std::string Registry::renderPrometheus() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out.reserve(4096);
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + ' ' + f->help + '\n';
    out += "# TYPE " + name + ' ' + f->type + '\n';
    for (const auto& [labels, series] : f->series) {
      std::visit(
          [&](const auto& m) {
            using M = std::decay_t<decltype(m)>;
            if constexpr (std::is_same_v<M, std::unique_ptr<Counter>> || std::is_same_v<M, std::unique_ptr<Gauge>>) {
              out += name + labels + ' ' + std::to_string(m->value()) + '\n';
            } else if constexpr (std::is_same_v<M, std::function<double()>>) {
              out += name + labels + ' ' + formatNumber(m()) + '\n';
            } else {
              const auto s = m->snapshot();
              for (std::size_t i = 0; i <= s.upperBounds.size(); ++i) {
                const std::string le = i < s.upperBounds.size() ? formatNumber(s.upperBounds[i]) : "+Inf";
                out += name + "_bucket" + labelText(series.labels, "le", le) + ' ' +
                       std::to_string(s.cumulativeCounts[i]) + '\n';
              }
              out += name + "_sum" + labels + ' ' + formatNumber(s.sum) + '\n';
              out += name + "_count" + labels + ' ' + std::to_string(s.count) + '\n';
            }
          },
          series.metric);
    }
  }
  return out;
}

}  // namespace smfront::telemetry
