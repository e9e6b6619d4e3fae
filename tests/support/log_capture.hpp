// Captures what is logged through spdlog's default logger while it lives:
// construct it before the code under test starts its threads, destroy it
// after they stop (the default logger is swapped, which is not safe while
// others log). Lines still go to the previous logger's sinks too.
#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace sb::testing {

class LogCapture {
 public:
  LogCapture();
  ~LogCapture();
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  // Everything logged so far, one message a line (no time stamps).
  std::string text() const;

 private:
  class Sink;
  std::shared_ptr<Sink> sink_;
  std::shared_ptr<spdlog::logger> previous_;
};

}  // namespace sb::testing
