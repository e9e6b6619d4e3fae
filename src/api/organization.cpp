// /api/v1/organization: the caller's organization and its legal calling window.
#include "api/body_reader.hpp"
#include "api/json_writer.hpp"
#include "api/routes.hpp"
#include "api/unit_of_work.hpp"
#include "domain/clock_time.hpp"
#include "store/repositories/organization_repository.hpp"

namespace sb::api {
namespace {

void WriteOrganization(JsonWriter& w, const store::Organization& o) {
  w.StartObject();
  w.Field("uuid", o.uuid);
  w.Field("name", o.name);
  w.Field("legal_call_start", o.legal_call_start);
  w.Field("legal_call_end", o.legal_call_end);
  w.TimeField("created_at", o.created_at);
  w.TimeField("updated_at", o.updated_at);
  w.EndObject();
}

Result<ApiResponse> GetOrganization(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::OrganizationRepository orgs(*conn, s.clock);
  SB_ASSIGN_OR_RETURN(auto org, orgs.Get(req.auth.organization_id));
  return Envelope("Organization retrieved successfully",
                  [&](JsonWriter& w) { WriteOrganization(w, org); });
}

// Either bound may change alone; the window that results must still start
// before it ends (reported on legal_call_end).
Result<ApiResponse> PatchOrganization(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  auto start = body.String("legal_call_start");
  auto end = body.String("legal_call_end");
  std::optional<int> start_minute;
  std::optional<int> end_minute;
  if (start) {
    auto m = domain::ParseClockTime(*start, "legal_call_start");
    if (m.ok()) {
      start_minute = *m;
    } else {
      body.AddError("legal_call_start",
                    "The legal_call_start " + m.error().fields().front().message + ".");
    }
  }
  if (end) {
    auto m = domain::ParseClockTime(*end, "legal_call_end");
    if (m.ok()) {
      end_minute = *m;
    } else {
      body.AddError("legal_call_end",
                    "The legal_call_end " + m.error().fields().front().message + ".");
    }
  }
  SB_RETURN_IF_ERROR(body.Finish());

  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::OrganizationRepository orgs(*conn, s.clock);
  const int64_t id = req.auth.organization_id;
  SB_ASSIGN_OR_RETURN(auto current, orgs.Get(id));
  if (!start && !end) {
    return Envelope("Organization updated successfully",
                    [&](JsonWriter& w) { WriteOrganization(w, current); });
  }
  const std::string new_start =
      start ? domain::FormatClockTime(*start_minute) : current.legal_call_start;
  const std::string new_end = end ? domain::FormatClockTime(*end_minute) : current.legal_call_end;
  auto a = domain::ParseClockTime(new_start, "legal_call_start");
  auto b = domain::ParseClockTime(new_end, "legal_call_end");
  if (a.ok() && b.ok() && *a >= *b) {
    return Error::Validation("legal_call_end",
                             "The legal_call_end must be after the legal_call_start.");
  }
  SB_ASSIGN_OR_RETURN(auto updated, InUnitOfWork(req, s, *conn, [&] {
                        return orgs.SetLegalWindow(id, new_start, new_end);
                      }));
  return Envelope("Organization updated successfully",
                  [&](JsonWriter& w) { WriteOrganization(w, updated); });
}

}  // namespace

void RegisterOrganizationRoutes(Router& router) {
  router.Add("GET", "/api/v1/organization", GetOrganization);
  router.Add("PATCH", "/api/v1/organization", PatchOrganization);
}

}  // namespace sb::api
