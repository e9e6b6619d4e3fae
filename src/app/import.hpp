// `switchboard import`: loads a contacts CSV file into an organization in this
// process, as the import worker of `serve` would (jobs/contact_importer.hpp),
// reading the file in place.
//
// Before anything is written: the options are read as POST
// /api/v1/contacts/import reads its parameters (api/import_options.hpp, same
// 422 texts, reported under the option's name: --on-duplicate, --mapping,
// ...), the file's header is checked against the mapping, and --tag-uuid and
// --pool-uuid are looked up in the organization. Then the organization and the
// user are created when absent (as `token create` does), the import is created
// with the file's absolute path, claimed by this process and run.
//
// Output: the import's uuid on the first line of stdout (flushed at once, so
// it can be followed with GET /api/v1/imports/{uuid}); progress on stderr (a
// bar redrawn in place on a terminal, plain lines otherwise:
// app/import_progress.hpp); a summary on stdout at the end (counts, seconds,
// rows/s, the first rejected rows).
//
// Exit status: 0 when the import completed (even with rejected rows); 1 when
// an option or the file is bad (nothing written), the import failed or the
// store failed; 130 after SIGINT, which stops the import between two batches:
// the import stays `running` with its lease given up, and `switchboard serve`
// on the same database resumes it after its last batch while the file is
// still at that path. A second SIGINT ends the process at once (the current
// batch is rolled back and the import resumes from the one before).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/drivers/durability.hpp"

namespace CLI {
class App;
}

namespace sb::app {

struct ImportCommandOptions {
  std::string db_path = "./switchboard.db";           // or a postgres:// URL
  int db_pool = 0;                                    // 0: a pool of 2
  db::Durability durability = db::Durability::kFull;  // store/db/durability.hpp
  std::string org;                                    // created when absent
  std::string user = "admin@example.com";             // created when absent; owns the import
  std::string file;                                   // the CSV file, read in place
  // As the route's parameters of the same names (mapping, default_country_code,
  // on_duplicate, tag_uuids, pool_uuid); nullopt/empty: the route's defaults.
  std::optional<std::string> mapping;
  std::optional<std::string> default_country_code;
  std::optional<std::string> on_duplicate;
  std::vector<std::string> tag_uuids;  // each a UUID or a comma-separated list
  std::optional<std::string> pool_uuid;
  int64_t batch_rows = 1000;  // rows per transaction, 1 to 100 000
};

// Declares the command's options and help on `cmd`, filling `options`
// (app/import_cli.cpp).
void AddImportOptions(CLI::App* cmd, ImportCommandOptions& options);

// Runs the command; the exit status (see above).
int RunImport(const ImportCommandOptions& options);

}  // namespace sb::app
