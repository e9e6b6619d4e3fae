#include "e2e/subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace sb::testing {
namespace {

// Longest single wait inside a polling loop, so deadlines are honoured even
// when the child neither writes nor exits.
constexpr int kPollSliceMs = 50;

int MillisUntil(Deadline deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<int64_t>(left.count(), 0, kPollSliceMs));
}

ExitStatus Decode(int wait_status) {
  ExitStatus s;
  if (WIFEXITED(wait_status)) {
    s.exit_code = WEXITSTATUS(wait_status);
  } else if (WIFSIGNALED(wait_status)) {
    s.signal = WTERMSIG(wait_status);
  }
  return s;
}

void CloseFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

}  // namespace

Deadline SecondsFromNow(int seconds) {
  return std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
}

Subprocess::Subprocess(const std::vector<std::string>& args) {
  if (args.empty()) {
    error_ = "no program given";
    return;
  }
  std::array<int, 2> out_pipe{-1, -1};
  std::array<int, 2> err_pipe{-1, -1};
  // Close-on-exec: the child keeps only the ends dup'ed onto its 1 and 2.
  if (pipe2(out_pipe.data(), O_CLOEXEC) != 0 || pipe2(err_pipe.data(), O_CLOEXEC) != 0) {
    error_ = std::string("pipe2: ") + std::strerror(errno);
    for (int fd : out_pipe) close(fd);
    return;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);

  // The child starts with no blocked signals and default dispositions, whatever
  // the test runner set up for itself.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  sigset_t defaults;
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGTERM, SIGINT, SIGHUP}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> owned = args;
  std::vector<char*> argv;
  argv.reserve(owned.size() + 1);
  for (std::string& a : owned) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    error_ = "posix_spawn " + args[0] + ": " + std::strerror(rc);
    close(out_pipe[0]);
    close(err_pipe[0]);
    return;
  }
  pid_ = pid;
  out_fd_ = out_pipe[0];
  err_fd_ = err_pipe[0];
}

Subprocess::~Subprocess() {
  if (pid_ > 0 && !status_) {
    kill(pid_, SIGKILL);
    int st = 0;
    while (waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
    }
  }
  CloseFd(out_fd_);
  CloseFd(err_fd_);
}

bool Subprocess::Pump(int timeout_ms) {
  std::array<pollfd, 2> fds{};
  nfds_t n = 0;
  if (out_fd_ >= 0) fds[n++] = pollfd{out_fd_, POLLIN, 0};
  if (err_fd_ >= 0) fds[n++] = pollfd{err_fd_, POLLIN, 0};
  if (n == 0) return false;
  int ready = poll(fds.data(), n, timeout_ms);
  if (ready <= 0) return true;  // timeout, or EINTR: the caller loops
  for (nfds_t i = 0; i < n; ++i) {
    if (fds[i].revents == 0) continue;
    int& fd = fds[i].fd == out_fd_ ? out_fd_ : err_fd_;
    std::string& sink = fds[i].fd == out_fd_ ? out_ : err_;
    std::array<char, 4096> buf{};
    ssize_t got = read(fd, buf.data(), buf.size());
    if (got > 0) {
      sink.append(buf.data(), static_cast<size_t>(got));
    } else if (got == 0 || errno != EINTR) {
      CloseFd(fd);  // end of file (or a broken pipe): the child is done writing
    }
  }
  return out_fd_ >= 0 || err_fd_ >= 0;
}

void Subprocess::ReapIfExited() {
  if (pid_ <= 0 || status_) return;
  int st = 0;
  if (waitpid(pid_, &st, WNOHANG) == pid_) status_ = Decode(st);
}

std::optional<std::string> Subprocess::WaitForStderrLine(const std::string& needle,
                                                         Deadline deadline) {
  while (true) {
    // Search the complete lines not searched yet.
    size_t end = err_.find('\n', err_scanned_);
    while (end != std::string::npos) {
      std::string line = err_.substr(err_scanned_, end - err_scanned_);
      err_scanned_ = end + 1;
      if (line.find(needle) != std::string::npos) return line;
      end = err_.find('\n', err_scanned_);
    }
    if (err_fd_ < 0 || std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    Pump(MillisUntil(deadline));
  }
}

void Subprocess::Signal(int sig) {
  if (running()) kill(pid_, sig);
}

ExitStatus Subprocess::Wait(Deadline deadline) {
  if (pid_ <= 0) return ExitStatus{};
  while ((out_fd_ >= 0 || err_fd_ >= 0) && std::chrono::steady_clock::now() < deadline) {
    Pump(MillisUntil(deadline));
  }
  // Both pipes are closed, so the child is exiting; poll until it is reaped.
  ReapIfExited();
  while (!status_ && std::chrono::steady_clock::now() < deadline) {
    poll(nullptr, 0, 5);
    ReapIfExited();
  }
  if (!status_) {
    kill(pid_, SIGKILL);
    int st = 0;
    while (waitpid(pid_, &st, 0) < 0 && errno == EINTR) {
    }
    ExitStatus killed = Decode(st);
    killed.timed_out = true;
    status_ = killed;
  }
  return *status_;
}

RunResult Run(const std::vector<std::string>& args, int timeout_seconds) {
  RunResult result;
  Subprocess child(args);
  if (!child.running()) {
    result.err = child.error();
    return result;
  }
  result.status = child.Wait(SecondsFromNow(timeout_seconds));
  result.out = child.out();
  result.err = child.err();
  return result;
}

}  // namespace sb::testing
