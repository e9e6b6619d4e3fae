#include "api/contact_io.hpp"

#include <limits>
#include <vector>

#include "domain/contact_fields.hpp"

namespace sb::api {

domain::ContactFields ReadContactFields(BodyReader& body) {
  // The JSON types here; the values' own rules (lengths, choices, UUIDs) in
  // domain::CheckContactFields, which an import's rows go through as well.
  constexpr size_t kAny = std::numeric_limits<size_t>::max();
  domain::ContactFields f;
  f.name = body.String("name", false, 0, kAny);
  f.surname = body.NullableString("surname", kAny);
  f.email = body.NullableString("email", kAny);
  f.phone_number = body.NullableString("phone_number", kAny);
  f.country_code = body.NullableString("country_code", kAny);
  f.timezone = body.NullableString("timezone", kAny);
  f.primary_language = body.NullableString("primary_language", kAny);
  f.preferred_contact_channel = body.NullableString("preferred_contact_channel", kAny);
  f.preferred_contact_time = body.NullableString("preferred_contact_time", kAny);
  f.status = body.String("status", false, 0, kAny);
  f.stage_uuid = body.NullableString("stage_uuid", kAny);
  f.notes = body.NullableString("notes", kAny);
  f.metadata = body.ObjectJson("metadata", kAny);
  f.tag_uuids = body.TextArray("tag_uuids");
  f.owner_uuid = body.NullableString("owner_uuid", kAny);
  f.assignee_uuids = body.TextArray("assignee_uuids");
  f.source_name = body.NullableString("source_name", kAny);
  f.lead_source = body.NullableString("lead_source", kAny);
  f.category = body.NullableString("category", kAny);
  f.do_not_call = body.Bool("do_not_call");
  std::vector<FieldError> errors = body.TakeErrors();
  domain::CheckContactFields(f, errors);
  for (auto& e : errors) body.AddError(std::move(e.field), std::move(e.message));
  return f;
}

domain::ContactFilter ReadContactFilter(QueryReader& q) {
  domain::ContactFilter filter;
  filter.search = q.String("search");
  filter.status = q.Enum("status", domain::ContactStatuses());
  filter.channel = q.Enum("contact_channel", domain::ContactChannels());
  filter.stage_uuid = q.Uuid("stage_uuid");
  filter.campaign_uuid = q.Uuid("campaign_uuid");
  filter.tag_uuid = q.Uuid("tag_uuid");
  filter.pool_uuid = q.Uuid("pool_uuid");
  // Exact matches on ownership and origin: one value each here (the filter
  // takes lists for the dialects that send several).
  auto one = [](std::optional<std::string> v) {
    return v ? std::vector<std::string>{std::move(*v)} : std::vector<std::string>{};
  };
  filter.owner_uuids = one(q.Uuid("owner_uuid"));
  filter.assignee_uuids = one(q.Uuid("assignee_uuid"));
  filter.source_names = one(q.String("source_name"));
  filter.lead_sources = one(q.String("lead_source"));
  filter.categories = one(q.String("category"));
  filter.do_not_call = q.Bool("do_not_call");
  filter.created_from = q.Date("date_from");
  if (auto to = q.Date("date_to")) filter.created_until = *to + 86400;  // inclusive day
  if (filter.created_from && filter.created_until &&
      *filter.created_from >= *filter.created_until) {
    q.AddError("date_to", "The date_to must be a date after or equal to date_from.");
  }
  return filter;
}

void WriteContact(JsonWriter& w, const domain::Contact& c) {
  w.StartObject();
  w.Field("uuid", c.uuid);
  w.Field("name", c.name);
  w.Field("surname", c.surname);
  w.Field("email", c.email);
  w.Field("phone_number", c.phone_number);
  w.Field("number_type", c.number_type);
  w.Field("country_code", c.country_code);
  w.Field("timezone", c.timezone);
  w.Field("primary_language", c.primary_language);
  w.Field("preferred_contact_channel", c.preferred_contact_channel);
  w.Field("preferred_contact_time", c.preferred_contact_time);
  w.Field("status", c.status);
  w.Field("stage_uuid", c.stage_uuid);
  w.Field("notes", c.notes);
  w.Key("metadata");
  w.RawJson(c.metadata);
  w.TimeField("created_at", c.created_at);
  w.TimeField("updated_at", c.updated_at);
  w.Key("tags");
  w.StartArray();
  for (const auto& t : c.tags) {
    w.StartObject();
    w.Field("uuid", t.uuid);
    w.Field("name", t.name);
    w.EndObject();
  }
  w.EndArray();
  w.Field("last_call_status", c.last_call_status);
  w.TimeField("last_call_at", c.last_call_at);
  w.Field("last_call_duration", c.last_call_duration);
  w.Field("last_call_feedback", c.last_call_feedback);
  w.TimeField("last_message_at", c.last_message_at);
  w.Field("last_message_status", c.last_message_status);
  w.Field("owner_uuid", c.owner_uuid);
  w.Field("created_by", c.created_by_uuid);
  w.Key("assignee_uuids");
  w.StartArray();
  for (const auto& u : c.assignee_uuids) w.String(u);
  w.EndArray();
  w.Field("source_name", c.source_name);
  w.Field("lead_source", c.lead_source);
  w.Field("category", c.category);
  w.Field("do_not_call", c.do_not_call);
  w.EndObject();
}

}  // namespace sb::api
