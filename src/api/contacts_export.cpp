// GET /api/v1/contacts/export: the contacts GET /api/v1/contacts would list
// (same filters), every page of them, as a streamed CSV (api/contact_csv.hpp).
#include <memory>

#include "api/contact_csv.hpp"
#include "api/contact_io.hpp"
#include "api/routes.hpp"

namespace sb::api {
namespace {

Result<ApiResponse> ExportContacts(const ApiRequest& req, HandlerContext& s) {
  QueryReader q(req);
  domain::ContactFilter filter = ReadContactFilter(q);
  SB_RETURN_IF_ERROR(q.Finish());
  // Tried here so an unavailable database is still a proper error status;
  // the stream takes a connection per batch.
  { SB_ASSIGN_OR_RETURN(auto probe, s.db.Acquire()); }
  ApiResponse res;
  res.content_type = kCsvContentType;
  res.headers.emplace_back("Content-Disposition", R"(attachment; filename="contacts.csv")");
  res.stream = [&db = s.db, org = req.auth.organization_id, filter](BodySink& sink) {
    return WriteContactsCsv(db, org, filter,
                            [&sink](std::string_view bytes) { return sink.Write(bytes); });
  };
  return res;
}

}  // namespace

void RegisterContactExportRoutes(Router& router) {
  router.Add("GET", "/api/v1/contacts/export", ExportContacts);
}

}  // namespace sb::api
