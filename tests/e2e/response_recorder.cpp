#include "e2e/response_recorder.hpp"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <mutex>

namespace sb::testing {

namespace {

std::string Directory() {
  const char* dir = std::getenv("SWITCHBOARD_E2E_RESPONSES");
  return dir == nullptr ? std::string() : std::string(dir);
}

}  // namespace

bool RecordingResponses() { return !Directory().empty(); }

void RecordResponse(std::string_view method, const std::optional<std::string>& route, int status,
                    std::string_view content_type, std::string_view body) {
  const std::string dir = Directory();
  if (dir.empty()) return;
  rapidjson::StringBuffer out;
  rapidjson::Writer<rapidjson::StringBuffer> w(out);
  w.StartObject();
  w.Key("method");
  w.String(method.data(), static_cast<rapidjson::SizeType>(method.size()));
  w.Key("route");
  if (route) {
    w.String(*route);
  } else {
    w.Null();
  }
  w.Key("status");
  w.Int(status);
  w.Key("content_type");
  w.String(content_type.data(), static_cast<rapidjson::SizeType>(content_type.size()));
  w.Key("body");
  rapidjson::Document parsed;
  parsed.Parse(body.data(), body.size());
  if (content_type.find("json") != std::string_view::npos && !parsed.HasParseError()) {
    parsed.Accept(w);
  } else {
    w.Null();
  }
  w.EndObject();
  // One file per process (test shards run side by side), one line per response.
  static std::mutex mutex;
  const std::lock_guard<std::mutex> lock(mutex);
  std::ofstream file(dir + "/responses-" + std::to_string(::getpid()) + ".jsonl", std::ios::app);
  file << out.GetString() << '\n';
}

}  // namespace sb::testing
