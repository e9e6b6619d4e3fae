#include "support/log_capture.hpp"

#include <spdlog/sinks/base_sink.h>

#include <mutex>

namespace sb::testing {

class LogCapture::Sink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::string text() {
    std::lock_guard<std::mutex> lock(mutex_);
    return text_;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    text_.append(msg.payload.data(), msg.payload.size());
    text_.push_back('\n');
  }
  void flush_() override {}

 private:
  std::string text_;
};

LogCapture::LogCapture() : sink_(std::make_shared<Sink>()), previous_(spdlog::default_logger()) {
  auto logger = previous_->clone("capture");
  logger->sinks().push_back(sink_);
  spdlog::set_default_logger(logger);
}

LogCapture::~LogCapture() { spdlog::set_default_logger(previous_); }

std::string LogCapture::text() const { return sink_->text(); }

}  // namespace sb::testing
