// A webhook receiver for end-to-end tests: a cpp-httplib server on
// 127.0.0.1, port 0, that records every POST and answers from a script of
// statuses (the last one repeats). Thread-safe.
#pragma once

#include <httplib.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/hmac.hpp"

namespace sb::testing {

struct ReceivedHook {
  std::string path;
  std::string body;
  std::string content_type;
  std::string event;      // Switchboard-Event
  std::string delivery;   // Switchboard-Delivery
  std::string signature;  // Switchboard-Signature
};

class WebhookReceiver {
 public:
  explicit WebhookReceiver(std::vector<int> statuses = {200}) : statuses_(std::move(statuses)) {
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu_);
      hits_.push_back({req.path, req.body, req.get_header_value("Content-Type"),
                       req.get_header_value("Switchboard-Event"),
                       req.get_header_value("Switchboard-Delivery"),
                       req.get_header_value("Switchboard-Signature")});
      const size_t i = std::min(hits_.size() - 1, statuses_.size() - 1);
      res.status = statuses_[i];
      if (res.status >= 300 && res.status < 400) res.set_header("Location", "/redirected");
      res.set_content("{}", "application/json");
    };
    server_.Post("/hook", handler);
    server_.Post("/redirected", handler);
    port_ = server_.bind_to_any_port("127.0.0.1");  // listening from here on
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~WebhookReceiver() {
    server_.stop();
    thread_.join();
  }
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  int port() const { return port_; }
  std::string Url(const std::string& host = "127.0.0.1") const {
    return "http://" + host + ":" + std::to_string(port_) + "/hook";
  }
  std::vector<ReceivedHook> hits() const {
    std::lock_guard<std::mutex> lock(mu_);
    return hits_;
  }

  // True when `hook` carries a valid Switchboard-Signature under `secret`:
  // "t=UNIX,v1=HEX" with HEX the HMAC-SHA256 of "UNIX.BODY".
  static bool SignatureValid(const ReceivedHook& hook, const std::string& secret) {
    const std::string& sig = hook.signature;
    if (sig.rfind("t=", 0) != 0) return false;
    const size_t comma = sig.find(",v1=");
    if (comma == std::string::npos) return false;
    const std::string t = sig.substr(2, comma - 2);
    const std::string v1 = sig.substr(comma + 4);
    return ConstantTimeEquals(v1, HmacSha256Hex(secret, t + "." + hook.body));
  }

 private:
  httplib::Server server_;
  std::vector<int> statuses_;
  mutable std::mutex mu_;
  std::vector<ReceivedHook> hits_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace sb::testing
