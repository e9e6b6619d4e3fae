// `switchboard export`: an organization's contacts as CSV on stdout, the same
// file GET /api/v1/contacts/export answers (api/contact_csv.hpp), with the
// same filters given as --filter KEY=VALUE (the list's query parameters).
#pragma once

#include <string>
#include <vector>

#include "store/drivers/durability.hpp"

namespace sb::app {

struct ExportOptions {
  std::string db_path = "./switchboard.db";           // or a postgres:// URL
  db::Durability durability = db::Durability::kFull;  // store/db/durability.hpp
  std::string org;
  std::string status;                // shorthand for --filter status=...
  std::vector<std::string> filters;  // "KEY=VALUE"
};

// Exit status 0 with the CSV on stdout; 1 with the error on stderr.
int RunExport(const ExportOptions& options);

}  // namespace sb::app
