// POST /contact/query: Callab's contact query (seed 003), answered from the
// same contacts and the same domain filter as /api/v1/contacts. Without
// paging every match is returned, streamed in chunks from one cursor so the
// response never needs the whole result in memory.
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api/body_reader.hpp"
#include "api/json_writer.hpp"
#include "api/routes.hpp"
#include "core/time_format.hpp"
#include "domain/call.hpp"
#include "domain/enums.hpp"
#include "domain/phone.hpp"
#include "store/repositories/contact_export.hpp"

namespace sb::api {
namespace {

constexpr size_t kBatchRows = 200;  // rows per streamed chunk
constexpr int64_t kDefaultPerPage = 50;
constexpr int64_t kMaxPerPage = 100;
constexpr int64_t kDay = 86400;

struct Query {
  domain::ContactFilter filter;
  std::optional<domain::PageRequest> page;
};

// A date (its whole day) or a date-time; `end` makes the bound exclusive.
std::optional<int64_t> ReadBound(BodyReader& body, const char* key, bool end) {
  auto text = body.String(key);
  if (!text || text->empty()) return std::nullopt;
  if (auto d = ParseDate(*text)) return end ? *d + kDay : *d;
  if (auto t = ParseIsoDateTime(*text)) return end ? *t + 1 : *t;
  body.AddError(key,
                std::string("The ") + key + " must be a date (Y-m-d) or an ISO-8601 date-time.");
  return std::nullopt;
}

Result<Query> ReadQuery(const std::string& text) {
  Query q;
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) return q;  // every contact
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(text));
  BodyReader body(doc);
  auto& f = q.filter;
  f.tag_names = body.StringArray("tags").value_or(std::vector<std::string>{});
  f.categories = body.StringArray("categories").value_or(std::vector<std::string>{});
  f.source_names = body.StringArray("source_names").value_or(std::vector<std::string>{});
  f.last_call_statuses =
      body.StringArray("last_call_statuses").value_or(std::vector<std::string>{});
  for (const auto& s : f.last_call_statuses) {
    if (!domain::IsOneOf(s, domain::CallStatuses())) {
      body.AddError("last_call_statuses", "The last_call_statuses must each be one of " +
                                              domain::DescribeChoices(domain::CallStatuses()) +
                                              ".");
      break;
    }
  }
  f.search = body.String("search");
  if (f.search && f.search->empty()) f.search.reset();
  f.campaign_uuid = body.Uuid("campaign_id");
  f.status = body.Enum("status", domain::ContactStatuses());
  f.created_from = ReadBound(body, "start_date", false);
  f.created_until = ReadBound(body, "end_date", true);
  if (f.created_from && f.created_until && *f.created_from >= *f.created_until) {
    body.AddError("end_date", "The end_date must not be before start_date.");
  }
  auto page = body.Int("page", 0, INT64_MAX / 1000);
  auto per_page = body.Int("per_page", 1, kMaxPerPage);
  SB_RETURN_IF_ERROR(body.Finish());
  // Callab pages from 0.
  if (page || per_page)
    q.page = domain::PageRequest{page.value_or(0) + 1, per_page.value_or(kDefaultPerPage)};
  return q;
}

void WriteCallabContact(JsonWriter& w, const store::ExportedContact& e, const std::string& org) {
  const domain::Contact& c = e.contact;
  std::optional<std::string> tags;
  for (const auto& t : c.tags) tags = tags ? *tags + "," + t.name : t.name;
  w.StartObject();
  w.Field("id", c.uuid);
  w.Field("company_id", org);
  w.Field("firstname", c.name);
  w.Field("lastname", c.surname);
  w.Field("phone_number", c.phone_number);
  w.Key("metadata");
  w.RawJson(c.metadata);
  w.Field("number_country_code",
          c.phone_number ? domain::CallingCode(*c.phone_number) : std::nullopt);
  w.Field("last_call_status", c.last_call_status);
  w.TimeField("last_call_at", c.last_call_at);
  w.Field("last_call_duration", c.last_call_duration);
  w.Field("last_call_feedback", c.last_call_feedback);
  w.Field("source_name", c.source_name);
  w.Field("tag_name", tags);
  w.Field("category_name", c.category);
  w.Field("notes", c.notes);
  w.TimeField("created_at", c.created_at);
  w.TimeField("updated_at", c.updated_at);
  w.Field("campaign_id", e.campaign_uuid);
  w.Field("status", c.status);
  w.EndObject();
}

constexpr std::string_view kHead =
    R"({"status":"ok","message":"Contacts retrieved successfully","data":[)";
constexpr std::string_view kTail = "]}";

// Writes the whole response: the head, one chunk per batch, the tail.
Status Produce(db::Database& db, const AuthContext& auth, const Query& q, BodySink& sink) {
  SB_RETURN_IF_ERROR(sink.Write(kHead));
  bool first = true;
  SB_RETURN_IF_ERROR(
      store::ForEachContactBatch(db, auth.organization_id, q.filter, q.page, kBatchRows,
                                 [&](std::vector<store::ExportedContact>& batch) -> Status {
                                   JsonWriter w;
                                   w.StartArray();
                                   for (const auto& e : batch)
                                     WriteCallabContact(w, e, auth.organization_uuid);
                                   w.EndArray();
                                   std::string json = w.Take();
                                   // The batch's items without their brackets, joined to the
                                   // previous ones.
                                   std::string chunk = first ? "" : ",";
                                   chunk.append(json, 1, json.size() - 2);
                                   first = false;
                                   return sink.Write(chunk);
                                 }));
  return sink.Write(kTail);
}

class StringSink final : public BodySink {
 public:
  Status Write(std::string_view bytes) override {
    out_.append(bytes);
    return OkStatus();
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

Result<ApiResponse> QueryContacts(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(Query q, ReadQuery(req.body));
  if (q.page) {
    StringSink sink;
    SB_RETURN_IF_ERROR(Produce(s.db, req.auth, q, sink));
    return ApiResponse{200, "application/json", sink.Take()};
  }
  // Tried here so an unavailable database is still a proper error status;
  // the stream takes a connection per batch.
  { SB_ASSIGN_OR_RETURN(auto probe, s.db.Acquire()); }
  ApiResponse res;
  res.stream = [&db = s.db, auth = req.auth, query = std::move(q)](BodySink& sink) {
    return Produce(db, auth, query, sink);
  };
  return res;
}

}  // namespace

void RegisterCallabRoutes(Router& router) {
  router.Add("POST", "/contact/query", QueryContacts, /*requires_auth=*/true, ErrorStyle::kCallab);
}

}  // namespace sb::api
