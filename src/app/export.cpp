#include "app/export.hpp"

#include <cstdio>

#include "api/contact_csv.hpp"
#include "api/contact_io.hpp"
#include "app/cli_error.hpp"
#include "app/open_store.hpp"
#include "core/clock.hpp"
#include "store/repositories/organization_repository.hpp"

namespace sb::app {

int RunExport(const ExportOptions& options) {
  // The filters as the list route would receive them, read by the same code.
  api::ApiRequest request;
  request.method = "GET";
  request.path = "/api/v1/contacts/export";
  std::vector<std::string> filters = options.filters;
  if (!options.status.empty()) filters.push_back("status=" + options.status);
  for (const std::string& f : filters) {
    size_t eq = f.find('=');
    if (eq == std::string::npos || eq == 0) {
      return FailWith(Error::Validation("filter", "'" + f + "' is not KEY=VALUE"));
    }
    request.query[f.substr(0, eq)] = f.substr(eq + 1);
    request.query_all.emplace(f.substr(0, eq), f.substr(eq + 1));
  }
  api::QueryReader q(request);
  domain::ContactFilter filter = api::ReadContactFilter(q);
  if (auto done = q.Finish(); !done.ok()) return FailWith(done.error());

  auto database = OpenStore(options.db_path, 1, options.durability);
  if (!database.ok()) return FailWith(database.error());
  auto conn = (*database)->Acquire();
  if (!conn.ok()) return FailWith(conn.error());
  SystemClock clock;
  auto org = store::OrganizationRepository(**conn, clock).FindByName(options.org);
  if (!org.ok()) return FailWith(org.error());
  conn.value().reset();  // the export takes one per batch
  auto written = api::WriteContactsCsv(**database, org->id, filter, [](std::string_view bytes) {
    if (std::fwrite(bytes.data(), 1, bytes.size(), stdout) != bytes.size()) {
      return Status(Error(ErrorCode::kUnavailable, "cannot write to stdout"));
    }
    return OkStatus();
  });
  if (!written.ok()) return FailWith(written.error());
  return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace sb::app
