// How `switchboard import` shows an import's progress: how far into the file
// (bytes read of the file's size), rows read, rows per second and the time
// left, after each committed batch.
//
// On a terminal, one line redrawn in place ("\r", erased to its end) at most
// every 100 ms, and ended with a newline by Finish(). Elsewhere (a pipe, a log
// file), plain lines: one each time another tenth of the file is read or 5 s
// have passed, whichever comes first, never two within 250 ms; Finish()
// writes the last state unless that line was just written.
//
// Time comes from an injected monotonic clock (steady_clock by default): rates
// need sub-second precision, must not jump with the wall clock, and the tests
// drive it by hand. Not thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>

#include "domain/contact_import.hpp"

namespace sb::app {

using SteadyNow = std::function<std::chrono::steady_clock::time_point()>;

// What one progress line shows.
struct ProgressSample {
  int64_t rows_read = 0;
  int64_t bytes_read = 0;
  int64_t file_bytes = 0;
  double seconds = 0;  // since the run started
};

// Percent of the file read, 0 to 100 (100 for an empty file).
double ProgressPercent(const ProgressSample& s);
// Rows per second so far; 0 before any time has passed.
double RowsPerSecond(const ProgressSample& s);
// "0:07", "12:30", "1:02:03"; "--:--" when it cannot be told yet.
std::string FormatEta(const ProgressSample& s);
// The terminal line: "[#####.......]  42%  420000 rows  81000 rows/s  ETA 0:07".
std::string FormatProgressBar(const ProgressSample& s);
// A plain line: "progress: 42% (12.3 of 29.3 MB), 420000 rows, 81000 rows/s, ETA 0:07".
std::string FormatProgressLine(const ProgressSample& s);

class ImportProgressDisplay {
 public:
  // Writes to `out` (stderr in the command); `terminal` picks the bar. The
  // run's clock starts here.
  ImportProgressDisplay(
      std::FILE* out, bool terminal,
      SteadyNow now = [] { return std::chrono::steady_clock::now(); });

  // After each committed batch: draws when it is due.
  void Update(const domain::ImportProgress& progress, int64_t file_bytes);
  // At the end of the run (completed, failed or stopped): draws the last
  // state and, on a terminal, ends the line.
  void Finish(const domain::ImportProgress& progress, int64_t file_bytes);

  // Seconds since the run started.
  double Seconds() const;
  // Lines (plain) or redraws (terminal) written so far.
  int64_t draws() const { return draws_; }

 private:
  ProgressSample Sample(const domain::ImportProgress& progress, int64_t file_bytes) const;
  void Draw(const ProgressSample& s);

  std::FILE* out_;
  bool terminal_;
  SteadyNow now_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
  int last_tenth_ = 0;            // plain: the tenth of the file of the last line
  ProgressSample last_sample_{};  // what was drawn last
  int64_t draws_ = 0;
};

}  // namespace sb::app
