// The webhook delivery, described once (domain/entity.hpp): its fields in the
// order of its /api/v1 JSON. The webhook and the event are references shown
// by uuid; the event's type and time are the event's columns, not the
// delivery's (declared here with no column, so the JSON order lives in one
// place; the store selects them from the event's join and reads them by
// name). lease_token and expires_at are the dispatcher's, shown nowhere.
#pragma once

#include <array>
#include <string_view>

#include "domain/entity.hpp"
#include "domain/webhook.hpp"

namespace sb::domain {

using WebhookDeliveryField = Field<WebhookDelivery, NoInput>;

// The table's columns no field shows (contract-tested with the fields).
inline constexpr std::array<std::string_view, 3> kWebhookDeliveryInternalColumns = {
    "organization_id", "lease_token", "expires_at"};

// clang-format off
inline constexpr auto kWebhookDeliveryEntity = std::to_array<WebhookDeliveryField>({
    {.wire = "id", .column = "id", .type = FieldType::kId, .dialects = 0,
     .member = &WebhookDelivery::id},
    {.wire = "uuid", .column = "uuid", .type = FieldType::kUuid, .member = &WebhookDelivery::uuid},
    {.wire = "webhook_uuid", .column = "webhook_id", .type = FieldType::kUuidRef,
     .ref_table = "webhooks", .member = &WebhookDelivery::webhook_uuid},
    {.wire = "event_uuid", .column = "event_id", .type = FieldType::kUuidRef,
     .ref_table = "webhook_events", .member = &WebhookDelivery::event_uuid},
    {.wire = "event", .type = FieldType::kText, .member = &WebhookDelivery::event_type},
    {.wire = "status", .column = "status", .type = FieldType::kEnum,
     .choices = WebhookDeliveryStatuses, .member = &WebhookDelivery::status},
    {.wire = "attempts", .column = "attempts", .type = FieldType::kInt,
     .member = &WebhookDelivery::attempts},
    {.wire = "last_response_code", .column = "last_response_code", .type = FieldType::kInt,
     .nullable = true, .member = &WebhookDelivery::last_response_code},
    {.wire = "last_error", .column = "last_error", .nullable = true,
     .member = &WebhookDelivery::last_error},
    {.wire = "next_attempt_at", .column = "next_attempt_at", .type = FieldType::kTimestamp,
     .nullable = true, .member = &WebhookDelivery::next_attempt_at},
    {.wire = "delivered_at", .column = "delivered_at", .type = FieldType::kTimestamp,
     .nullable = true, .member = &WebhookDelivery::delivered_at},
    {.wire = "event_created_at", .type = FieldType::kTimestamp,
     .member = &WebhookDelivery::event_created_at},
    {.wire = "created_at", .column = "created_at", .type = FieldType::kTimestamp,
     .member = &WebhookDelivery::created_at},
    {.wire = "updated_at", .column = "updated_at", .type = FieldType::kTimestamp,
     .member = &WebhookDelivery::updated_at},
});
// clang-format on

}  // namespace sb::domain
