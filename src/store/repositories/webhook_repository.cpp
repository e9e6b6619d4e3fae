#include "store/repositories/webhook_repository.hpp"

#include <rapidjson/document.h>

#include "core/json_parse.hpp"
#include "core/json_writer.hpp"
#include "domain/webhook_delivery_entity.hpp"
#include "domain/webhook_entity.hpp"
#include "store/drivers/dialect.hpp"
#include "store/repositories/entity_sql.hpp"
#include "store/repositories/event_outbox.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {
namespace {

using domain::kWebhookEntity;
using entity_sql::kNoExtraColumns;

const std::string kSelect = "SELECT " + entity_sql::SelectList(kWebhookEntity, "w") +
                            " FROM webhooks w" + entity_sql::Joins(kWebhookEntity, "w") + " ";

const std::string kInsert = "INSERT INTO webhooks (organization_id, uuid, " +
                            entity_sql::StoredColumns(kWebhookEntity) +
                            ", created_at, updated_at) VALUES (?, ?, " +
                            Placeholders(entity_sql::StoredCount(kWebhookEntity) + 2) + ")";

domain::Webhook ReadWebhook(const db::Rows& r) {
  static constexpr size_t kEvents =
      entity_sql::ResultIndex<kWebhookEntity, kNoExtraColumns>("events");
  domain::Webhook w;
  const std::span<const int> at = entity_sql::ReadRowWith<kWebhookEntity, kNoExtraColumns>(r, w);
  w.events = ParseWebhookEvents(r.Text(at[kEvents]));
  return w;
}

using domain::kWebhookDeliveryEntity;

// The event's type and time: the event's columns, read by name beside the
// delivery's own.
constexpr std::array<std::string_view, 2> kEventColumns = {"event_type", "event_created_at"};

// The alias of the event's join (the event_uuid reference's).
std::string EventAlias() {
  for (size_t i = 0; i < kWebhookDeliveryEntity.size(); ++i) {
    if (kWebhookDeliveryEntity[i].wire == "event_uuid") return entity_sql::RefAlias(i);
  }
  return "";
}

const std::string kSelectDelivery = "SELECT " +
                                    entity_sql::SelectList(kWebhookDeliveryEntity, "d") + ", " +
                                    EventAlias() + ".type AS event_type, " + EventAlias() +
                                    ".created_at AS event_created_at FROM webhook_deliveries d" +
                                    entity_sql::Joins(kWebhookDeliveryEntity, "d") + " ";

domain::WebhookDelivery ReadDelivery(const db::Rows& r) {
  static constexpr size_t kType =
      entity_sql::ResultIndex<kWebhookDeliveryEntity, kEventColumns>("event_type");
  static constexpr size_t kEventTime =
      entity_sql::ResultIndex<kWebhookDeliveryEntity, kEventColumns>("event_created_at");
  domain::WebhookDelivery d;
  const std::span<const int> at =
      entity_sql::ReadRowWith<kWebhookDeliveryEntity, kEventColumns>(r, d);
  d.event_type = r.String(at[kType]);
  d.event_created_at = r.Time(at[kEventTime]);
  return d;
}

std::string TestEventData(const domain::Webhook& w) {
  JsonWriter out;
  out.StartObject();
  out.Key("webhook");
  out.StartObject();
  out.Field("uuid", w.uuid);
  out.Field("url", w.url);
  out.EndObject();
  out.Field("message", "This is a test delivery from Switchboard.");
  out.EndObject();
  return out.Take();
}

}  // namespace

std::vector<std::string> ParseWebhookEvents(std::string_view json) {
  std::vector<std::string> out;
  rapidjson::Document doc;
  if (!ParseJson(json, &doc).ok() || !doc.IsArray()) return out;
  for (const auto& v : doc.GetArray()) {
    if (v.IsString()) out.emplace_back(v.GetString(), v.GetStringLength());
  }
  return out;
}

std::string WebhookEventsJson(const std::vector<std::string>& events) {
  JsonWriter out;
  out.StartArray();
  for (const auto& e : events) out.String(e);
  out.EndArray();
  return out.Take();
}

Result<domain::Webhook> WebhookRepository::Create(int64_t org, const domain::Webhook& webhook) {
  const std::string uuid = ids_.NewUuid();
  const db::Timestamp now{clock_.NowSeconds()};
  db::Params params{org, uuid};
  // The only stored field with no plain member is the events list.
  for (auto& v : entity_sql::StoredValuesWith(kWebhookEntity, webhook, [&](const auto& /*field*/) {
         return db::Value(WebhookEventsJson(webhook.events));
       })) {
    params.push_back(std::move(v));
  }
  params.emplace_back(now);
  params.emplace_back(now);
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_RETURN_IF_ERROR(conn_.Exec(kInsert, params));
    return OkStatus();
  }));
  return Get(org, uuid);
}

Result<domain::Webhook> WebhookRepository::Get(int64_t org, const std::string& uuid) {
  SB_ASSIGN_OR_RETURN(
      auto rows, conn_.Query(kSelect + "WHERE w.organization_id = ? AND w.uuid = ?", {org, uuid}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return Error::NotFound("Webhook");
  return ReadWebhook(*rows);
}

Result<std::vector<domain::Webhook>> WebhookRepository::List(int64_t org,
                                                             const domain::PageRequest& page) {
  SB_ASSIGN_OR_RETURN(
      auto rows,
      conn_.Query(kSelect + "WHERE w.organization_id = ? ORDER BY w.id DESC LIMIT ? OFFSET ?",
                  {org, page.per_page, page.Offset()}));
  std::vector<domain::Webhook> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back(ReadWebhook(*rows));
  }
  return out;
}

Result<int64_t> WebhookRepository::Count(int64_t org) {
  SB_ASSIGN_OR_RETURN(
      auto n, conn_.QueryInt("SELECT COUNT(*) FROM webhooks WHERE organization_id = ?", {org}));
  return n.value_or(0);
}

Result<domain::Webhook> WebhookRepository::Update(int64_t org, const std::string& uuid,
                                                  const WebhookChanges& changes) {
  const db::Timestamp now{clock_.NowSeconds()};
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(auto rows,
                        conn_.Query(kSelect + "WHERE w.organization_id = ? AND w.uuid = ?" +
                                        conn_.dialect().ForUpdate(""),
                                    {org, uuid}));
    SB_ASSIGN_OR_RETURN(bool found, rows->Next());
    if (!found) return Error::NotFound("Webhook");
    const domain::Webhook current = ReadWebhook(*rows);
    const int64_t id = current.id;
    const bool was_active = current.active;
    rows.reset();
    std::string sql = "UPDATE webhooks SET updated_at = ?";
    db::Params params{now};
    if (changes.url) {
      sql += ", url = ?";
      params.emplace_back(*changes.url);
    }
    if (changes.events) {
      sql += ", events = ?";
      params.emplace_back(WebhookEventsJson(*changes.events));
    }
    if (changes.secret) {
      sql += ", secret = ?";
      params.emplace_back(*changes.secret);
    }
    if (changes.active) {
      sql += ", active = ?";
      params.emplace_back(int64_t{*changes.active ? 1 : 0});
    }
    sql += " WHERE organization_id = ? AND id = ?";
    params.emplace_back(org);
    params.emplace_back(id);
    SB_RETURN_IF_ERROR(conn_.Exec(sql, params));
    if (was_active && changes.active && !*changes.active) {
      SB_RETURN_IF_ERROR(
          conn_.Exec("UPDATE webhook_deliveries SET status = 'failed', next_attempt_at = NULL,"
                     " last_error = 'webhook deactivated', updated_at = ?"
                     " WHERE organization_id = ? AND webhook_id = ? AND status = 'pending'",
                     {now, org, id}));
    }
    return OkStatus();
  }));
  return Get(org, uuid);
}

Status WebhookRepository::Delete(int64_t org, const std::string& uuid) {
  return db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t id, LookupId(conn_, "webhooks", org, uuid, "Webhook"));
    // Explicitly, through webhook_deliveries_webhook (SQLite's cascade would
    // look for the rows without the organization).
    SB_RETURN_IF_ERROR(conn_.Exec(
        "DELETE FROM webhook_deliveries WHERE organization_id = ? AND webhook_id = ?", {org, id}));
    SB_RETURN_IF_ERROR(
        conn_.Exec("DELETE FROM webhooks WHERE organization_id = ? AND id = ?", {org, id}));
    return OkStatus();
  });
}

Result<domain::WebhookDelivery> WebhookRepository::SendTest(int64_t org, const std::string& uuid) {
  std::string delivery_uuid;
  SB_RETURN_IF_ERROR(db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(domain::Webhook webhook, Get(org, uuid));
    if (!webhook.active) {
      return Error::Conflict("The webhook is inactive; activate it to send a test.", "active");
    }
    SB_ASSIGN_OR_RETURN(delivery_uuid,
                        EmitEventTo(conn_, org, webhook.id, domain::kWebhookTestEvent,
                                    TestEventData(webhook), clock_.NowSeconds(), ids_));
    return OkStatus();
  }));
  return GetDelivery(org, delivery_uuid);
}

Result<std::vector<domain::WebhookDelivery>> WebhookRepository::ListDeliveries(
    int64_t org, const std::string& webhook_uuid, const domain::PageRequest& page) {
  SB_ASSIGN_OR_RETURN(int64_t webhook_id,
                      LookupId(conn_, "webhooks", org, webhook_uuid, "Webhook"));
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query(std::string(kSelectDelivery) +
                                                 "WHERE d.organization_id = ? AND d.webhook_id = ?"
                                                 " ORDER BY d.id DESC LIMIT ? OFFSET ?",
                                             {org, webhook_id, page.per_page, page.Offset()}));
  std::vector<domain::WebhookDelivery> out;
  while (true) {
    SB_ASSIGN_OR_RETURN(bool more, rows->Next());
    if (!more) break;
    out.push_back(ReadDelivery(*rows));
  }
  return out;
}

Result<int64_t> WebhookRepository::CountDeliveries(int64_t org, const std::string& webhook_uuid) {
  SB_ASSIGN_OR_RETURN(int64_t webhook_id,
                      LookupId(conn_, "webhooks", org, webhook_uuid, "Webhook"));
  SB_ASSIGN_OR_RETURN(auto n, conn_.QueryInt("SELECT COUNT(*) FROM webhook_deliveries"
                                             " WHERE organization_id = ? AND webhook_id = ?",
                                             {org, webhook_id}));
  return n.value_or(0);
}

Result<domain::WebhookDelivery> WebhookRepository::GetDelivery(int64_t org,
                                                               const std::string& delivery_uuid) {
  SB_ASSIGN_OR_RETURN(auto rows, conn_.Query(std::string(kSelectDelivery) +
                                                 "WHERE d.organization_id = ? AND d.uuid = ?",
                                             {org, delivery_uuid}));
  SB_ASSIGN_OR_RETURN(bool found, rows->Next());
  if (!found) return Error::NotFound("Webhook delivery");
  return ReadDelivery(*rows);
}

}  // namespace sb::store
