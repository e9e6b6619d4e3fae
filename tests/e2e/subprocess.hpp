// Child processes for end-to-end tests of the `switchboard` executable: spawned
// with posix_spawn (no shell), stdin from /dev/null, stdout and stderr captured
// through pipes. Nothing here sleeps for a fixed time: every wait polls the
// pipes and the child against a deadline, and a child still running when its
// Subprocess is destroyed (a failed assertion returned early) is killed and
// reaped.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace sb::testing {

using Deadline = std::chrono::steady_clock::time_point;

// A deadline `seconds` from now.
Deadline SecondsFromNow(int seconds);

// How a child ended. `exit_code` is the status passed to exit(), or -1 when
// the child was killed by a signal (then `signal` names it) or did not finish
// before the deadline (`timed_out`; it was killed).
struct ExitStatus {
  int exit_code = -1;
  int signal = 0;
  bool timed_out = false;
};

// The outcome of Run(): how the child ended and everything it wrote.
struct RunResult {
  ExitStatus status;
  std::string out;  // stdout
  std::string err;  // stderr
};

class Subprocess {
 public:
  // Starts `args[0]` (a path, not looked up in PATH) with `args`. When the
  // spawn fails, running() is false and error() says why.
  explicit Subprocess(const std::vector<std::string>& args);
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  bool running() const { return pid_ > 0 && !status_; }
  const std::string& error() const { return error_; }
  pid_t pid() const { return pid_; }

  // Reads stderr until a complete line containing `needle` arrives; returns
  // that line (without the newline). nullopt when the child closed stderr or
  // exited first, or at the deadline.
  std::optional<std::string> WaitForStderrLine(const std::string& needle, Deadline deadline);

  // Sends `sig` to the child (no-op once it has been reaped).
  void Signal(int sig);

  // Reads both pipes to the end and reaps the child; at the deadline kills it
  // (SIGKILL) and reports timed_out.
  ExitStatus Wait(Deadline deadline);

  // Everything read so far.
  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }

 private:
  // Reads what is available on the open pipes, waiting at most `timeout_ms`
  // for something to arrive. False when both pipes are closed.
  bool Pump(int timeout_ms);
  void ReapIfExited();

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  std::string out_;
  std::string err_;
  size_t err_scanned_ = 0;  // stderr bytes already searched by WaitForStderrLine
  std::optional<ExitStatus> status_;
  std::string error_;
};

// Runs `args` to completion (at most `timeout_seconds`) and returns what it
// printed and how it ended.
RunResult Run(const std::vector<std::string>& args, int timeout_seconds = 120);

}  // namespace sb::testing
