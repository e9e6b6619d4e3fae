#include "app/import_progress.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace sb::app {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

TEST(ImportProgressTest, PercentRateAndEtaFollowBytesAndRows) {
  ProgressSample s{40000, 25, 100, 2.0};
  EXPECT_DOUBLE_EQ(ProgressPercent(s), 25.0);
  EXPECT_DOUBLE_EQ(RowsPerSecond(s), 20000.0);
  EXPECT_EQ(FormatEta(s), "0:06") << "75 bytes left at 12.5 bytes/s";
  EXPECT_EQ(FormatEta(ProgressSample{1, 1, 4000, 1.0}), "1:06:39");
  EXPECT_EQ(FormatEta(ProgressSample{0, 0, 100, 3.0}), "--:--") << "nothing read yet";
  EXPECT_EQ(FormatEta(ProgressSample{10, 10, 100, 0}), "--:--") << "no time passed yet";
  EXPECT_DOUBLE_EQ(ProgressPercent(ProgressSample{0, 0, 0, 0}), 100.0);
  EXPECT_DOUBLE_EQ(ProgressPercent(ProgressSample{0, 120, 100, 1}), 100.0);
  EXPECT_EQ(FormatProgressBar(s),
            "[######..................]  25%  40000 rows  20000 rows/s  ETA 0:06");
  EXPECT_EQ(FormatProgressLine(ProgressSample{40000, 2500000, 10000000, 2.0}),
            "progress: 25% (2.5 of 10.0 MB), 40000 rows, 20000 rows/s, ETA 0:06");
}

// A display writing into memory, on a clock the test moves.
class Capture {
 public:
  explicit Capture(bool terminal)
      : out_(open_memstream(&buf_, &size_)), display_(out_, terminal, [this] { return now_; }) {}
  ~Capture() {
    std::fclose(out_);
    std::free(buf_);
  }
  Capture(const Capture&) = delete;
  Capture& operator=(const Capture&) = delete;

  void Advance(int ms) { now_ += milliseconds(ms); }
  void Batch(int64_t rows, int64_t bytes) {
    domain::ImportProgress p;
    p.rows_read = rows;
    p.bytes_read = bytes;
    display_.Update(p, 1000);
  }
  void Finish(int64_t rows, int64_t bytes) {
    domain::ImportProgress p;
    p.rows_read = rows;
    p.bytes_read = bytes;
    display_.Finish(p, 1000);
  }
  std::string Text() {
    std::fflush(out_);
    return std::string(buf_, size_);
  }
  ImportProgressDisplay& display() { return display_; }

 private:
  char* buf_ = nullptr;
  size_t size_ = 0;
  std::FILE* out_;
  steady_clock::time_point now_{};
  ImportProgressDisplay display_;
};

size_t Count(const std::string& text, char c) {
  size_t n = 0;
  for (char ch : text) n += ch == c ? 1 : 0;
  return n;
}

TEST(ImportProgressTest, PlainLinesComeEveryTenthOrFiveSecondsAndNeverFasterThan250Ms) {
  Capture c(/*terminal=*/false);
  c.Advance(100);
  c.Batch(10, 50);  // 5%: not yet
  EXPECT_EQ(c.Text(), "");
  c.Advance(100);
  c.Batch(20, 100);  // 10%: a line
  EXPECT_EQ(Count(c.Text(), '\n'), 1u);
  c.Advance(100);
  c.Batch(60, 300);  // 30%, but 100 ms after the last line
  EXPECT_EQ(Count(c.Text(), '\n'), 1u);
  c.Advance(200);
  c.Batch(62, 310);  // 300 ms after: the tenth moved on since the last line
  EXPECT_EQ(Count(c.Text(), '\n'), 2u);
  c.Advance(4900);
  c.Batch(63, 315);  // same tenth, 4.9 s later: not yet
  EXPECT_EQ(Count(c.Text(), '\n'), 2u);
  c.Advance(200);
  c.Batch(64, 320);  // 5.1 s: a line
  EXPECT_EQ(Count(c.Text(), '\n'), 3u);
  c.Finish(64, 320);  // the same state: not repeated
  EXPECT_EQ(Count(c.Text(), '\n'), 3u);
  c.Advance(10);
  c.Finish(200, 1000);
  const std::string text = c.Text();
  EXPECT_EQ(Count(text, '\n'), 4u) << text;
  EXPECT_EQ(Count(text, '\r'), 0u) << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
  EXPECT_NE(text.find("progress: 100% "), std::string::npos) << text;
  EXPECT_EQ(c.display().draws(), 4);
}

TEST(ImportProgressTest, TerminalBarIsRedrawnInPlaceAtMostTenTimesASecond) {
  Capture c(/*terminal=*/true);
  for (int i = 1; i <= 100; ++i) {
    c.Advance(20);  // 2 s of batches, 50 a second
    c.Batch(i * 10, i * 10);
  }
  c.Finish(1000, 1000);
  const std::string text = c.Text();
  EXPECT_GE(c.display().draws(), 19);
  EXPECT_LE(c.display().draws(), 22);
  EXPECT_EQ(Count(text, '\r'), static_cast<size_t>(c.display().draws()));
  EXPECT_EQ(Count(text, '\n'), 1u) << "one line, ended by Finish";
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text.find("[########################] 100%  1000 rows  500 rows/s  ETA 0:00\x1b[K\n"),
            std::string::npos)
      << text;
  EXPECT_DOUBLE_EQ(c.display().Seconds(), 2.0);
}

}  // namespace
}  // namespace sb::app
