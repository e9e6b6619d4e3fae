// AI agents and the phone numbers they use. A number is bound to at most one
// agent per channel (call, sms, whatsapp); an agent may hold several numbers
// on a channel.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sb::domain {

struct AgentBinding {
  std::string channel;  // call | sms | whatsapp
  std::string phone_number_uuid;
  std::string number;  // E.164
};

struct Agent {
  int64_t id = 0;
  std::string uuid;
  std::string name;
  std::vector<AgentBinding> bindings;  // by channel, then number
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

}  // namespace sb::domain
