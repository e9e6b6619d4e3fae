#include "app/import_progress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace sb::app {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kTerminalEvery{100};
constexpr milliseconds kPlainEvery{5000};
constexpr milliseconds kPlainAtMost{250};
constexpr int kBarWidth = 24;

double Megabytes(int64_t bytes) { return static_cast<double>(bytes) / 1e6; }

}  // namespace

double ProgressPercent(const ProgressSample& s) {
  if (s.file_bytes <= 0) return 100.0;
  double p = 100.0 * static_cast<double>(s.bytes_read) / static_cast<double>(s.file_bytes);
  return std::clamp(p, 0.0, 100.0);
}

double RowsPerSecond(const ProgressSample& s) {
  return s.seconds > 0 ? static_cast<double>(s.rows_read) / s.seconds : 0.0;
}

std::string FormatEta(const ProgressSample& s) {
  if (s.bytes_read <= 0 || s.seconds <= 0) return "--:--";
  const double left = static_cast<double>(std::max<int64_t>(s.file_bytes - s.bytes_read, 0)) *
                      s.seconds / static_cast<double>(s.bytes_read);
  if (!std::isfinite(left) || left > 360000.0) return "--:--";
  const auto total = static_cast<int64_t>(std::llround(left));
  const int64_t h = total / 3600;
  const int64_t m = total / 60 % 60;
  const int64_t sec = total % 60;
  if (h > 0) return fmt::format("{}:{:02}:{:02}", h, m, sec);
  return fmt::format("{}:{:02}", m, sec);
}

std::string FormatProgressBar(const ProgressSample& s) {
  const double percent = ProgressPercent(s);
  const int filled = static_cast<int>(percent / 100.0 * kBarWidth);
  std::string bar(static_cast<size_t>(filled), '#');
  bar.append(static_cast<size_t>(kBarWidth - filled), '.');
  return fmt::format("[{}] {:3.0f}%  {} rows  {:.0f} rows/s  ETA {}", bar, std::floor(percent),
                     s.rows_read, RowsPerSecond(s), FormatEta(s));
}

std::string FormatProgressLine(const ProgressSample& s) {
  return fmt::format("progress: {:.0f}% ({:.1f} of {:.1f} MB), {} rows, {:.0f} rows/s, ETA {}",
                     std::floor(ProgressPercent(s)), Megabytes(s.bytes_read),
                     Megabytes(s.file_bytes), s.rows_read, RowsPerSecond(s), FormatEta(s));
}

ImportProgressDisplay::ImportProgressDisplay(std::FILE* out, bool terminal, SteadyNow now)
    : out_(out), terminal_(terminal), now_(std::move(now)), start_(now_()) {}

double ImportProgressDisplay::Seconds() const {
  return std::chrono::duration<double>(now_() - start_).count();
}

ProgressSample ImportProgressDisplay::Sample(const domain::ImportProgress& progress,
                                             int64_t file_bytes) const {
  return ProgressSample{progress.rows_read, progress.bytes_read, file_bytes, Seconds()};
}

void ImportProgressDisplay::Draw(const ProgressSample& s) {
  if (terminal_) {
    std::fprintf(out_, "\r%s\x1b[K", FormatProgressBar(s).c_str());
  } else {
    std::fprintf(out_, "%s\n", FormatProgressLine(s).c_str());
  }
  std::fflush(out_);
  last_draw_ = now_();
  last_sample_ = s;
  last_tenth_ = static_cast<int>(ProgressPercent(s) / 10.0);
  drawn_ = true;
  ++draws_;
}

void ImportProgressDisplay::Update(const domain::ImportProgress& progress, int64_t file_bytes) {
  const ProgressSample s = Sample(progress, file_bytes);
  const auto now = now_();
  const auto since = drawn_ ? now - last_draw_ : now - start_;
  if (terminal_) {
    if (!drawn_ || since >= kTerminalEvery) Draw(s);
    return;
  }
  if (drawn_ && since < kPlainAtMost) return;
  const int tenth = static_cast<int>(ProgressPercent(s) / 10.0);
  if (tenth > last_tenth_ || since >= kPlainEvery) Draw(s);
}

void ImportProgressDisplay::Finish(const domain::ImportProgress& progress, int64_t file_bytes) {
  const ProgressSample s = Sample(progress, file_bytes);
  const bool same =
      drawn_ && s.rows_read == last_sample_.rows_read && s.bytes_read == last_sample_.bytes_read;
  if (terminal_ || !same) Draw(s);
  if (terminal_) {
    std::fputc('\n', out_);
    std::fflush(out_);
  }
}

}  // namespace sb::app
