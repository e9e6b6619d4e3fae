// /api/v1/webhooks: subscriptions to the organization's events, their test
// delivery and their deliveries (docs/API.md, "Webhooks").
#include <fmt/format.h>

#include "api/audit.hpp"
#include "api/body_reader.hpp"
#include "api/entity_json.hpp"
#include "api/pool_json.hpp"
#include "api/query_reader.hpp"
#include "api/routes.hpp"
#include "api/unit_of_work.hpp"
#include "domain/audit.hpp"
#include "domain/webhook.hpp"
#include "domain/webhook_delivery_entity.hpp"
#include "domain/webhook_entity.hpp"
#include "store/repositories/webhook_repository.hpp"

namespace sb::api {
namespace {

// The declared fields in order: the events list (no plain member) as an
// array, the secret only `with_secret` (the response that creates it).
void WriteWebhook(JsonWriter& w, const domain::Webhook& h, bool with_secret) {
  static constexpr domain::MemberPtr<domain::Webhook> kSecret{&domain::Webhook::secret};
  w.StartObject();
  for (const auto& f : domain::kWebhookEntity) {
    if (f.member == kSecret && !with_secret) continue;
    if (f.Selected() && f.member.index() == 0) {
      w.Key(f.wire);
      w.StartArray();
      for (const auto& e : h.events) w.String(e);
      w.EndArray();
      continue;
    }
    WriteEntityField(w, f, h);
  }
  w.EndObject();
}

void WriteDelivery(JsonWriter& w, const domain::WebhookDelivery& d) {
  w.StartObject();
  for (const auto& f : domain::kWebhookDeliveryEntity) WriteEntityField(w, f, d);
  w.EndObject();
}

// The fields of a POST (url and events required) or PATCH body; every value
// checked, one 422 naming every bad field.
Result<store::WebhookChanges> ReadWebhookBody(const ApiRequest& req, const HandlerContext& s,
                                              bool create) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  bool url_null = false;
  for (const char* key : {"url", "events", "secret", "active"}) {
    auto it = doc.FindMember(key);
    if (it != doc.MemberEnd() && it->value.IsNull()) {
      body.AddError(key, fmt::format("The {} may not be null.", key));
      url_null = url_null || std::string_view(key) == "url";
    }
  }
  store::WebhookChanges f;
  f.url = body.String("url", create && !url_null, 1, domain::kWebhookUrlMax);
  if (create && !doc.HasMember("events")) body.AddError("events", "The events field is required.");
  f.events = body.StringArray("events", domain::kWebhookEventsMax);
  f.secret = body.String("secret", false, domain::kWebhookSecretMin, domain::kWebhookSecretMax);
  f.active = body.Bool("active");
  if (f.url) {
    if (Status st = domain::ValidateWebhookUrl("url", *f.url, s.webhook_allow_private); !st.ok()) {
      body.AddError("url", st.error().fields().front().message);
    }
  }
  if (f.events) {
    if (Status st = domain::ValidateWebhookEvents("events", *f.events); !st.ok()) {
      body.AddError("events", st.error().fields().front().message);
    }
  }
  if (f.secret) {
    for (char c : *f.secret) {
      if (c <= ' ' || c > '~') {
        body.AddError("secret", "The secret must be printable ASCII without spaces.");
        break;
      }
    }
  }
  SB_RETURN_IF_ERROR(body.Finish());
  return f;
}

Result<ApiResponse> ListWebhooks(const ApiRequest& req, HandlerContext& s) {
  QueryReader q(req);
  domain::PageRequest page = q.Page(15);
  SB_RETURN_IF_ERROR(q.Finish());
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::WebhookRepository webhooks(*conn, s.clock, s.ids);
  const int64_t org = req.auth.organization_id;
  SB_ASSIGN_OR_RETURN(int64_t total,
                      CachedTotal(req, s, "webhooks", [&] { return webhooks.Count(org); }));
  SB_ASSIGN_OR_RETURN(auto list, webhooks.List(org, page));
  auto info = domain::DescribePage(page, total, static_cast<int64_t>(list.size()));
  return Envelope("Webhooks retrieved successfully", [&](JsonWriter& w) {
    WriteShortPage(w, info, [&](JsonWriter& rw) {
      for (const auto& h : list) WriteWebhook(rw, h, false);
    });
  });
}

Result<ApiResponse> CreateWebhook(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto f, ReadWebhookBody(req, s, /*create=*/true));
  domain::Webhook h;
  // Both are required on create (ReadWebhookBody); value_or, not *, keeps
  // GCC 12's -Wmaybe-uninitialized quiet in optimized builds.
  h.url = std::move(f.url).value_or(std::string());
  h.events = std::move(f.events).value_or(std::vector<std::string>());
  h.secret = f.secret ? *f.secret : domain::NewWebhookSecret();
  h.active = f.active.value_or(true);
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::WebhookRepository webhooks(*conn, s.clock, s.ids);
  domain::Webhook created;
  // The webhook and its audit entry commit together (api/audit.hpp).
  SB_RETURN_IF_ERROR(InUnitOfWork(req, s, *conn, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(created, webhooks.Create(req.auth.organization_id, h));
    return RecordAudit(*conn, req, s, domain::kAuditWebhookCreated, domain::kAuditTargetWebhook,
                       created.uuid, WebhookAuditDetails(created));
  }));
  ApiResponse out = Envelope(
      "Webhook created successfully", [&](JsonWriter& w) { WriteWebhook(w, created, true); }, 201);
  // The secret is shown once: a replay under an Idempotency-Key leaves it out.
  out.replay_body = Envelope(
                        "Webhook created successfully",
                        [&](JsonWriter& w) { WriteWebhook(w, created, false); }, 201)
                        .body;
  return out;
}

Result<ApiResponse> GetWebhook(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::WebhookRepository webhooks(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto h, webhooks.Get(req.auth.organization_id, req.Param("uuid")));
  return Envelope("Webhook retrieved successfully",
                  [&](JsonWriter& w) { WriteWebhook(w, h, false); });
}

Result<ApiResponse> UpdateWebhook(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::WebhookRepository webhooks(*conn, s.clock, s.ids);
  const int64_t org = req.auth.organization_id;
  SB_RETURN_IF_ERROR(webhooks.Get(org, req.Param("uuid")));  // 404 before 422
  SB_ASSIGN_OR_RETURN(auto f, ReadWebhookBody(req, s, /*create=*/false));
  domain::Webhook h;
  SB_RETURN_IF_ERROR(InUnitOfWork(req, s, *conn, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(domain::Webhook before, webhooks.Get(org, req.Param("uuid")));
    SB_ASSIGN_OR_RETURN(h, webhooks.Update(org, before.uuid, f));
    return RecordAudit(*conn, req, s, domain::kAuditWebhookUpdated, domain::kAuditTargetWebhook,
                       h.uuid, WebhookChangeDetails(before, h));
  }));
  return Envelope("Webhook updated successfully",
                  [&](JsonWriter& w) { WriteWebhook(w, h, false); });
}

Result<ApiResponse> DeleteWebhook(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::WebhookRepository webhooks(*conn, s.clock, s.ids);
  const int64_t org = req.auth.organization_id;
  SB_RETURN_IF_ERROR(InUnitOfWork(req, s, *conn, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(domain::Webhook gone, webhooks.Get(org, req.Param("uuid")));
    SB_RETURN_IF_ERROR(webhooks.Delete(org, gone.uuid));
    return RecordAudit(*conn, req, s, domain::kAuditWebhookDeleted, domain::kAuditTargetWebhook,
                       gone.uuid, WebhookAuditDetails(gone));
  }));
  return EmptyEnvelope("Webhook deleted successfully");
}

Result<ApiResponse> TestWebhook(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::WebhookRepository webhooks(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto d, webhooks.SendTest(req.auth.organization_id, req.Param("uuid")));
  return Envelope(
      "Test delivery queued successfully", [&](JsonWriter& w) { WriteDelivery(w, d); }, 202);
}

Result<ApiResponse> ListDeliveries(const ApiRequest& req, HandlerContext& s) {
  QueryReader q(req);
  domain::PageRequest page = q.Page(15);
  SB_RETURN_IF_ERROR(q.Finish());
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::WebhookRepository webhooks(*conn, s.clock, s.ids);
  const int64_t org = req.auth.organization_id;
  SB_ASSIGN_OR_RETURN(int64_t total, webhooks.CountDeliveries(org, req.Param("uuid")));
  SB_ASSIGN_OR_RETURN(auto list, webhooks.ListDeliveries(org, req.Param("uuid"), page));
  auto info = domain::DescribePage(page, total, static_cast<int64_t>(list.size()));
  return Envelope("Webhook deliveries retrieved successfully", [&](JsonWriter& w) {
    WriteShortPage(w, info, [&](JsonWriter& rw) {
      for (const auto& d : list) WriteDelivery(rw, d);
    });
  });
}

}  // namespace

void RegisterWebhookRoutes(Router& router) {
  router.Add("GET", "/api/v1/webhooks", ListWebhooks);
  router.Add("POST", "/api/v1/webhooks", CreateWebhook);
  router.Add("GET", "/api/v1/webhooks/{uuid}", GetWebhook);
  router.Add("PATCH", "/api/v1/webhooks/{uuid}", UpdateWebhook);
  router.Add("DELETE", "/api/v1/webhooks/{uuid}", DeleteWebhook);
  router.Add("POST", "/api/v1/webhooks/{uuid}/test", TestWebhook);
  router.Add("GET", "/api/v1/webhooks/{uuid}/deliveries", ListDeliveries);
}

}  // namespace sb::api
