#include "api/contact_io.hpp"

#include <vector>

#include "api/entity_json.hpp"
#include "domain/contact_fields.hpp"

namespace sb::api {

domain::ContactFields ReadContactFields(BodyReader& body) {
  // The JSON types here; the values' own rules (lengths, choices, UUIDs) in
  // domain::CheckContactFields, which an import's rows go through as well.
  domain::ContactFields f;
  for (const domain::ContactField& d : domain::kContactEntity) ReadEntityField(body, d, f);
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
  for (const domain::ContactField& d : domain::kContactEntity) {
    if (d.filter != domain::Filter::kEquality) continue;
    std::optional<std::string> value;
    if (d.type == domain::FieldType::kBool) {
      if (auto b = q.Bool(d.wire)) value = *b ? "1" : "0";
    } else {
      value = q.String(d.wire, d.max_length > 0 ? d.max_length : 255);
    }
    if (value) filter.fields.push_back({std::string(d.wire), std::move(*value)});
  }
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
  for (const domain::ContactField& d : domain::kContactEntity) {
    if (d.type == domain::FieldType::kTagList) {
      w.Key(d.wire);
      w.StartArray();
      for (const auto& t : c.tags) {
        w.StartObject();
        w.Field("uuid", t.uuid);
        w.Field("name", t.name);
        w.EndObject();
      }
      w.EndArray();
    } else if (d.type == domain::FieldType::kUuidList) {
      w.Key(d.wire);
      w.StartArray();
      for (const auto& u : c.assignee_uuids) w.String(u);
      w.EndArray();
    } else {
      WriteEntityField(w, d, c);
    }
  }
  w.EndObject();
}

}  // namespace sb::api
