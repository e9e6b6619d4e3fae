// Messages exchanged with a contact over SMS or WhatsApp. A contact's
// last_message_at and last_message_status mirror its latest message (greatest
// sent_at; among equal times the one recorded last).
#pragma once

#include <cstdint>
#include <string>

#include "domain/enums.hpp"

namespace sb::domain {

EnumValues MessageChannels();    // sms, whatsapp
EnumValues MessageDirections();  // outbound, inbound
// queued, sent, delivered, read, failed, received
EnumValues MessageStatuses();

inline constexpr size_t kMessageBodyMax = 4096;  // characters

struct Message {
  int64_t id = 0;
  std::string uuid;
  std::string contact_uuid;
  std::string channel;
  std::string direction = "outbound";
  std::string body;
  std::string status;
  int64_t sent_at = 0;
  int64_t created_at = 0;
};

// What POST /api/v1/contacts/{uuid}/messages records.
struct NewMessage {
  std::string channel;
  std::string direction = "outbound";
  std::string body;
  std::string status;
  int64_t sent_at = 0;
};

}  // namespace sb::domain
