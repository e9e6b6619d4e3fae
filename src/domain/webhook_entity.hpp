// The webhook subscription, described once (domain/entity.hpp): its fields
// in the order of its /api/v1 JSON. Two are the entity's own code's: events
// is a list kept as a compact JSON array in a text column (no plain member:
// the store parses and writes it, the JSON shows it as an array), and secret
// shows only in the response that creates the webhook.
#pragma once

#include <array>
#include <string_view>

#include "domain/entity.hpp"
#include "domain/webhook.hpp"

namespace sb::domain {

using WebhookField = Field<Webhook, NoInput>;

// The table's columns no field shows (contract-tested with the fields).
inline constexpr std::array<std::string_view, 1> kWebhookInternalColumns = {"organization_id"};

// clang-format off
inline constexpr auto kWebhookEntity = std::to_array<WebhookField>({
    {.wire = "id", .column = "id", .type = FieldType::kId, .dialects = 0, .member = &Webhook::id},
    {.wire = "uuid", .column = "uuid", .type = FieldType::kUuid, .member = &Webhook::uuid},
    {.wire = "url", .column = "url", .write = Write::kClient, .apply = Apply::kCustom,
     .max_length = kWebhookUrlMax, .member = &Webhook::url},
    // Known types (WebhookEventTypes) or exactly {"*"}: ValidateWebhookEvents.
    {.wire = "events", .column = "events", .write = Write::kClient, .apply = Apply::kCustom,
     .max_length = kWebhookEventsMax},
    {.wire = "active", .column = "active", .type = FieldType::kBool, .write = Write::kClient,
     .member = &Webhook::active},
    {.wire = "secret", .column = "secret", .write = Write::kClient,
     .max_length = kWebhookSecretMax, .member = &Webhook::secret},
    {.wire = "created_at", .column = "created_at", .type = FieldType::kTimestamp,
     .member = &Webhook::created_at},
    {.wire = "updated_at", .column = "updated_at", .type = FieldType::kTimestamp,
     .member = &Webhook::updated_at},
});
// clang-format on

}  // namespace sb::domain
