// The options and help of `switchboard import` (app/import.hpp).
#include <CLI/CLI.hpp>

#include "app/import.hpp"
#include "app/open_store.hpp"

namespace sb::app {

void AddImportOptions(CLI::App* cmd, ImportCommandOptions& o) {
  cmd->add_option("--db", o.db_path, "SQLite database file, or a postgres:// or postgresql:// URL")
      ->envname(kDbEnvVar)
      ->capture_default_str();
  cmd->add_option("--db-pool", o.db_pool, "Database connections to keep (default: 2)");
  AddDurabilityOption(cmd, o.durability);
  cmd->add_option("--org", o.org, "Organization name (created if absent)")->required();
  cmd->add_option("--user", o.user, "User email the import belongs to (created if absent)")
      ->capture_default_str();
  cmd->add_option("FILE", o.file, "The CSV file; read in place, not copied")->required();
  cmd->add_option("--mapping", o.mapping,
                  "JSON object {\"CSV column\": \"field\" | \"tags\" | \"metadata.KEY\" | null} "
                  "(default: columns named like fields fill them)");
  cmd->add_option("--default-country-code", o.default_country_code,
                  "ISO 3166 country for numbers written without one, e.g. US");
  cmd->add_option("--on-duplicate", o.on_duplicate,
                  "A row whose phone number a contact already has: skip (default), update or "
                  "error");
  cmd->add_option("--tag-uuid", o.tag_uuids, "A tag every imported contact gets (repeatable)");
  cmd->add_option("--pool-uuid", o.pool_uuid, "A pool every imported contact joins");
  cmd->add_option("--batch-rows", o.batch_rows, "Rows per transaction, 1 to 100000")
      ->capture_default_str();
  cmd->footer(
      "Prints the import's uuid first (GET /api/v1/imports/UUID follows it), progress on\n"
      "stderr, and a summary on stdout. Exit status 0 when the import completed, even with\n"
      "rejected rows (GET /api/v1/imports/UUID/errors lists them); 1 when an option or the\n"
      "file is bad (nothing is written) or the import failed.\n"
      "\n"
      "Ctrl-C (SIGINT) stops between two batches, prints where, and exits 130. The import\n"
      "stays running: `switchboard serve` on the same database resumes it after its last\n"
      "committed batch, as long as FILE is still at the same path on that machine (a serve\n"
      "that cannot read the file marks it failed 15 minutes later). A second Ctrl-C ends at\n"
      "once; the batch being written is rolled back and serve resumes the import once its\n"
      "lease runs out (2 minutes).");
}

}  // namespace sb::app
