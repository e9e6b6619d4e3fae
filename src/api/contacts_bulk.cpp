// /api/v1/contacts/bulk (many contacts at once) and /api/v1/contacts/{uuid}/merge.
#include <fmt/format.h>

#include <algorithm>

#include "api/contact_io.hpp"
#include "api/routes.hpp"
#include "services/contact_service.hpp"
#include "store/repositories/contact_bulk.hpp"

namespace sb::api {
namespace {

constexpr std::string_view kUpsertKeyNames[] = {"phone_number", "email", "none"};
constexpr size_t kMaxItems = 1000;
constexpr size_t kMaxUuids = 10000;
// The upsert's body: 1 000 contacts with notes and metadata pass the default
// 1 MiB; this leaves about 8 KiB a contact.
constexpr size_t kMaxUpsertBytes = size_t{8} << 20;

store::UpsertKey ToUpsertKey(const std::optional<std::string>& name) {
  if (name == "phone_number") return store::UpsertKey::kPhoneNumber;
  if (name == "email") return store::UpsertKey::kEmail;
  return store::UpsertKey::kNone;
}

// Present and not null.
bool Given(const rapidjson::Value& doc, const char* key) {
  return doc.HasMember(key) && !doc[key].IsNull();
}

// Copies the errors of a nested reader into `body`.
void Absorb(const BodyReader& nested, BodyReader& body) {
  Status st = nested.Finish();
  if (st.ok()) return;
  for (const auto& fe : st.error().fields()) body.AddError(fe.field, fe.message);
}

// The items of `contacts`, each read as POST /api/v1/contacts reads its body;
// a bad item is rejected alone.
std::vector<store::BulkContactItem> ReadItems(const rapidjson::Value& list) {
  std::vector<store::BulkContactItem> items;
  items.reserve(list.Size());
  for (const auto& v : list.GetArray()) {
    store::BulkContactItem item;
    if (!v.IsObject()) {
      item.rejected = FieldError{"", "Each item of contacts must be a JSON object."};
    } else {
      BodyReader body(v);
      item.fields = ReadContactFields(body);
      Status st = body.Finish();
      if (!st.ok()) item.rejected = st.error().fields().front();
    }
    items.push_back(std::move(item));
  }
  return items;
}

const char* KindName(store::BulkItemResult::Kind kind) {
  switch (kind) {
    case store::BulkItemResult::Kind::kCreated:
      return "created";
    case store::BulkItemResult::Kind::kUpdated:
      return "updated";
    case store::BulkItemResult::Kind::kSkipped:
      return "skipped";
    case store::BulkItemResult::Kind::kError:
      break;
  }
  return "error";
}

std::optional<std::string> NonEmpty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

Result<ApiResponse> BulkUpsert(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  auto upsert_by = body.Enum("upsert_by", kUpsertKeyNames);
  const rapidjson::Value* list = Given(doc, "contacts") ? &doc["contacts"] : nullptr;
  if (list == nullptr) {
    body.AddError("contacts", "The contacts field is required.");
  } else if (!list->IsArray()) {
    body.AddError("contacts", "The contacts must be an array.");
  } else if (list->Empty() || list->Size() > kMaxItems) {
    body.AddError("contacts",
                  fmt::format("The contacts must have between 1 and {} items.", kMaxItems));
  }
  SB_RETURN_IF_ERROR(body.Finish());
  std::vector<store::BulkContactItem> items = ReadItems(*list);

  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  services::ContactService contacts(*conn, s.clock, s.ids);
  // As POST /api/v1/contacts: the token's user owns what it creates.
  SB_ASSIGN_OR_RETURN(
      auto result, contacts.Upsert(req.auth.organization_id, req.auth.user_id, req.auth.user_uuid,
                                   ToUpsertKey(upsert_by), items));
  return Envelope("Contacts processed successfully", [&](JsonWriter& w) {
    w.StartObject();
    w.Field("created", result.created);
    w.Field("updated", result.updated);
    w.Field("failed", result.failed);
    w.Key("results");
    w.StartArray();
    for (size_t i = 0; i < result.results.size(); ++i) {
      const auto& r = result.results[i];
      w.StartObject();
      w.Field("index", static_cast<int64_t>(i));
      w.Field("result", KindName(r.kind));
      w.Field("uuid", NonEmpty(r.uuid));
      w.Field("field", NonEmpty(r.field));
      w.Field("message", NonEmpty(r.message));
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  });
}

// The `filter` object of a bulk update, read exactly as GET /api/v1/contacts
// reads its query parameters (scalars as their text); errors name
// "filter.<key>".
Result<domain::ContactFilter> ReadFilterObject(const rapidjson::Value& object) {
  ApiRequest as_query;
  std::vector<FieldError> errors;
  for (const auto& m : object.GetObject()) {
    std::string key(m.name.GetString(), m.name.GetStringLength());
    const auto& v = m.value;
    if (v.IsString()) {
      as_query.query[key] = std::string(v.GetString(), v.GetStringLength());
    } else if (v.IsBool()) {
      as_query.query[key] = v.GetBool() ? "true" : "false";
    } else if (v.IsInt64()) {
      as_query.query[key] = std::to_string(v.GetInt64());
    } else if (v.IsNumber()) {
      as_query.query[key] = fmt::format("{}", v.GetDouble());
    } else if (!v.IsNull()) {
      errors.push_back({"filter." + key, "The filter." + key + " must be a string."});
    }
  }
  QueryReader q(as_query);
  domain::ContactFilter filter = ReadContactFilter(q);
  Status st = q.Finish();
  if (!st.ok()) {
    for (const auto& fe : st.error().fields()) {
      errors.push_back({"filter." + fe.field, fe.message});
    }
  }
  if (!errors.empty()) return Error::Validation(std::move(errors));
  return filter;
}

Result<ApiResponse> BulkUpdate(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  store::ContactSelection selection;
  store::BulkContactChanges changes;
  if (Given(doc, "contact_uuids") == Given(doc, "filter")) {
    body.AddError("contact_uuids", "Give exactly one of contact_uuids and filter.");
  }
  auto uuids = body.UuidArray("contact_uuids", false, 1, kMaxUuids);
  const rapidjson::Value* filter = Given(doc, "filter") ? body.Object("filter") : nullptr;
  if (const rapidjson::Value* set = body.Object("set")) {
    BodyReader fields(*set);
    fields.set_prefix("set.");
    changes.status = fields.Enum("status", domain::ContactStatuses());
    changes.stage_uuid = fields.NullableUuid("stage_uuid");
    changes.owner_uuid = fields.NullableUuid("owner_uuid");
    Absorb(fields, body);
  }
  auto add = body.UuidArray("add_tag_uuids", false, 0, 100);
  auto remove = body.UuidArray("remove_tag_uuids", false, 0, 100);
  if (add) changes.add_tag_uuids = *add;
  if (remove) changes.remove_tag_uuids = *remove;
  if (body.ok() && !changes.status && !changes.stage_uuid && !changes.owner_uuid &&
      changes.add_tag_uuids.empty() && changes.remove_tag_uuids.empty()) {
    body.AddError("set", "Nothing to change: give set, add_tag_uuids or remove_tag_uuids.");
  }
  for (const auto& tag : changes.remove_tag_uuids) {
    if (std::find(changes.add_tag_uuids.begin(), changes.add_tag_uuids.end(), tag) !=
        changes.add_tag_uuids.end()) {
      body.AddError("remove_tag_uuids", "A tag cannot be both added and removed: " + tag);
      break;
    }
  }
  SB_RETURN_IF_ERROR(body.Finish());
  if (filter != nullptr) {
    SB_ASSIGN_OR_RETURN(selection.filter, ReadFilterObject(*filter));
  } else if (uuids) {
    selection.uuids = *uuids;
  }

  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  services::ContactService contacts(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto counts,
                      contacts.BulkUpdate(req.auth.organization_id, selection, changes));
  return Envelope("Contacts updated successfully", [&](JsonWriter& w) {
    w.StartObject();
    w.Field("matched", counts.matched);
    w.Field("updated", counts.updated);
    w.Field("not_found", counts.not_found);
    w.EndObject();
  });
}

Result<ApiResponse> BulkDelete(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  auto uuids = body.UuidArray("contact_uuids", /*required=*/true, 1, kMaxUuids);
  SB_RETURN_IF_ERROR(body.Finish());
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  services::ContactService contacts(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto counts, contacts.BulkDelete(req.auth.organization_id, *uuids));
  return Envelope("Contacts deleted successfully", [&](JsonWriter& w) {
    w.StartObject();
    w.Field("deleted", counts.deleted);
    w.Field("not_found", counts.not_found);
    w.EndObject();
  });
}

Result<ApiResponse> MergeContact(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  auto from = body.Uuid("from_uuid", /*required=*/true);
  SB_RETURN_IF_ERROR(body.Finish());
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  services::ContactService contacts(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto merged,
                      contacts.Merge(req.auth.organization_id, req.Param("uuid"), *from));
  return Envelope("Contacts merged successfully", [&](JsonWriter& w) { WriteContact(w, merged); });
}

}  // namespace

// Registered before the contact routes: "/api/v1/contacts/bulk" must not be
// taken for a contact's uuid.
void RegisterContactBulkRoutes(Router& router) {
  router.Add("POST", "/api/v1/contacts/bulk", BulkUpsert).max_body_bytes = kMaxUpsertBytes;
  router.Add("PATCH", "/api/v1/contacts/bulk", BulkUpdate);
  router.Add("DELETE", "/api/v1/contacts/bulk", BulkDelete);
  router.Add("POST", "/api/v1/contacts/{uuid}/merge", MergeContact);
}

}  // namespace sb::api
