// /api/v1/dnc: the organization's do-not-call list.
#include "api/body_reader.hpp"
#include "api/pool_json.hpp"
#include "api/query_reader.hpp"
#include "api/routes.hpp"
#include "api/unit_of_work.hpp"
#include "domain/phone.hpp"
#include "store/repositories/dnc_repository.hpp"

namespace sb::api {
namespace {

constexpr size_t kReasonMax = 1000;

void WriteDnc(JsonWriter& w, const store::DncNumber& d) {
  w.StartObject();
  w.Field("number", d.number);
  w.Field("reason", d.reason);
  w.TimeField("created_at", d.created_at);
  w.EndObject();
}

Result<ApiResponse> ListDnc(const ApiRequest& req, HandlerContext& s) {
  QueryReader q(req);
  domain::PageRequest page = q.Page(25);
  store::DncFilter filter;
  filter.search = q.String("search", 32);
  SB_RETURN_IF_ERROR(q.Finish());
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::DncRepository dnc(*conn, s.clock);
  const int64_t org = req.auth.organization_id;
  SB_ASSIGN_OR_RETURN(int64_t total,
                      CachedTotal(req, s, filter.Key(), [&] { return dnc.Count(org, filter); }));
  SB_ASSIGN_OR_RETURN(auto list, dnc.List(org, filter, page));
  auto info = domain::DescribePage(page, total, static_cast<int64_t>(list.size()));
  return Envelope("Do-not-call numbers retrieved successfully", [&](JsonWriter& w) {
    WriteShortPage(w, info, [&](JsonWriter& rw) {
      for (const auto& d : list) WriteDnc(rw, d);
    });
  });
}

// {"number", "country_code"?, "reason"?}: 201 with the new entry, or 200 with
// the entry already listed (its reason unchanged).
Result<ApiResponse> AddDnc(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  auto number = body.String("number", /*required=*/true, 1, 64);
  auto country = body.String("country_code", false, 0, 8);
  auto reason = body.String("reason", false, 0, kReasonMax);
  SB_RETURN_IF_ERROR(body.Finish());
  std::optional<std::string_view> default_country;
  if (country && !country->empty()) default_country = *country;
  SB_ASSIGN_OR_RETURN(auto phone,
                      domain::NormalizePhone(*number, default_country, "number", "country_code"));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::DncRepository dnc(*conn, s.clock);
  SB_ASSIGN_OR_RETURN(
      auto added,
      InUnitOfWork(req, s, *conn, [&](services::UnitOfWork& uow) -> Result<store::DncAddResult> {
        SB_ASSIGN_OR_RETURN(auto out, dnc.Add(req.auth.organization_id, phone.e164, reason));
        if (!out.created) uow.NothingChanged();  // already listed
        return out;
      }));
  if (added.created) {
    return Envelope(
        "Number added to the do-not-call list", [&](JsonWriter& w) { WriteDnc(w, added.entry); },
        201);
  }
  return Envelope("Number is already on the do-not-call list",
                  [&](JsonWriter& w) { WriteDnc(w, added.entry); });
}

// The path carries the E.164 number URL-encoded ("%2B14155550100"); a bare
// "+" decodes to a space in some clients, and a missing "+" is tolerated.
Result<ApiResponse> RemoveDnc(const ApiRequest& req, HandlerContext& s) {
  std::string number = req.Param("number");
  if (!number.empty() && number[0] == ' ') number[0] = '+';
  if (!number.empty() && number[0] != '+') number.insert(number.begin(), '+');
  auto phone = domain::NormalizePhone(number, std::nullopt, "number");
  if (!phone.ok()) return Error::NotFound("Do-not-call number");
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::DncRepository dnc(*conn, s.clock);
  SB_RETURN_IF_ERROR(InUnitOfWork(
      req, s, *conn, [&] { return dnc.Remove(req.auth.organization_id, phone->e164); }));
  return EmptyEnvelope("Number removed from the do-not-call list");
}

}  // namespace

void RegisterDncRoutes(Router& router) {
  router.Add("GET", "/api/v1/dnc", ListDnc);
  router.Add("POST", "/api/v1/dnc", AddDnc);
  router.Add("DELETE", "/api/v1/dnc/{number}", RemoveDnc);
}

}  // namespace sb::api
