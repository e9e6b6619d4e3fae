#include "app/import.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include "api/import_options.hpp"
#include "app/import_progress.hpp"
#include "app/open_store.hpp"
#include "core/clock.hpp"
#include "core/csv_reader.hpp"
#include "core/ids.hpp"
#include "jobs/contact_importer.hpp"
#include "services/user_service.hpp"
#include "store/repositories/contact_links.hpp"
#include "store/repositories/import_repository.hpp"
#include "store/repositories/organization_repository.hpp"
#include "store/repositories/token_repository.hpp"

namespace sb::app {
namespace {

constexpr int64_t kMaxBatchRows = 100000;
constexpr int64_t kLeaseSeconds = 120;
constexpr int64_t kFirstErrors = 5;
constexpr int kInterruptedExit = 130;

std::atomic<bool> g_interrupted{false};

extern "C" void OnSigint(int /*sig*/) { g_interrupted.store(true); }

// SIGINT sets g_interrupted while the import runs; the handler resets itself,
// so a second SIGINT ends the process. The previous action is put back after.
class SigintGuard {
 public:
  SigintGuard() {
    g_interrupted.store(false);
    struct sigaction action {};
    action.sa_handler = OnSigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &action, &previous_);
  }
  ~SigintGuard() { sigaction(SIGINT, &previous_, nullptr); }
  SigintGuard(const SigintGuard&) = delete;
  SigintGuard& operator=(const SigintGuard&) = delete;

 private:
  struct sigaction previous_ {};
};

// The command-line option behind a field of the route's validation errors.
std::string OptionOf(const std::string& field, const std::string& file) {
  static const std::map<std::string, std::string, std::less<>> kOptions = {
      {"mapping", "--mapping"},
      {"default_country_code", "--default-country-code"},
      {"on_duplicate", "--on-duplicate"},
      {"tag_uuids", "--tag-uuid"},
      {"pool_uuid", "--pool-uuid"},
      {"batch_rows", "--batch-rows"},
      {"email", "--user"},
      {"name", "--org"}};
  if (field == "file") return file;
  auto it = kOptions.find(field);
  return it != kOptions.end() ? it->second : "--" + field;
}

// One line per problem on stderr, under the option's name; returns 1.
int Fail(const Error& e, const std::string& file) {
  if (e.fields().empty()) {
    std::fprintf(stderr, "error: %s%s%s\n", e.message().c_str(), e.details().empty() ? "" : ": ",
                 e.details().c_str());
  }
  for (const FieldError& f : e.fields()) {
    std::fprintf(stderr, "error: %s: %s\n", OptionOf(f.field, file).c_str(), f.message.c_str());
  }
  return 1;
}

// This process in the import's lease.
std::string LeaseOwner() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return std::string("switchboard-import:") + host + ":" + std::to_string(getpid()) + ":" +
         RandomHex(4);
}

struct CheckedFile {
  std::string path;  // absolute
  int64_t bytes = 0;
};

// The file exists, is readable and its header fits the mapping.
Result<CheckedFile> CheckFile(const std::string& given, const domain::ImportOptions& options) {
  std::error_code ec;
  auto absolute = std::filesystem::absolute(given, ec);
  if (ec) return Error::Validation("file", "Cannot resolve the path: " + ec.message());
  CheckedFile out{absolute.lexically_normal().string(), 0};
  if (!std::filesystem::is_regular_file(out.path, ec)) {
    return Error::Validation("file", "No such file (or not a regular file).");
  }
  out.bytes = static_cast<int64_t>(std::filesystem::file_size(out.path, ec));
  std::ifstream in(out.path, std::ios::binary);
  if (ec || !in) return Error::Validation("file", "The file cannot be read.");
  StreamCsvSource source(in);
  SB_RETURN_IF_ERROR(api::CheckImportHeader(source, out.bytes, options));
  return out;
}

// Looks the tags and pool up (without writing) so that an unknown one stops
// the command before the organization or user is created; Create checks them
// again in its transaction. An absent organization (`org` 0) has none.
Status CheckLinks(db::Connection& conn, int64_t org, const domain::ImportOptions& options) {
  SB_RETURN_IF_ERROR(
      store::contact_links::ResolveIds(conn, "tags", org, options.tag_uuids, "tag_uuids"));
  if (options.pool_uuid) {
    SB_RETURN_IF_ERROR(
        store::contact_links::ResolveId(conn, "pools", org, options.pool_uuid, "pool_uuid"));
  }
  return OkStatus();
}

void PrintSummary(const domain::ContactImport& import, double seconds,
                  const std::vector<domain::ImportRowError>& errors) {
  const domain::ImportProgress& p = import.progress;
  std::printf("status     %s\n", import.status.c_str());
  std::printf("rows read  %lld\n", static_cast<long long>(p.rows_read));
  std::printf("created    %lld\n", static_cast<long long>(p.created));
  std::printf("updated    %lld\n", static_cast<long long>(p.updated));
  std::printf("skipped    %lld\n", static_cast<long long>(p.skipped));
  std::printf("failed     %lld\n", static_cast<long long>(p.failed));
  std::printf("seconds    %.1f\n", seconds);
  std::printf("rows/s     %.0f\n",
              RowsPerSecond(ProgressSample{p.rows_read, p.bytes_read, import.file_bytes, seconds}));
  if (import.error) std::printf("error      %s\n", import.error->c_str());
  if (p.failed == 0) return;
  std::printf("first rejected rows (%zu of %lld):\n", errors.size(),
              static_cast<long long>(p.failed));
  for (const auto& e : errors) {
    std::printf("  line %lld%s%s (%s): %s\n", static_cast<long long>(e.line),
                e.column ? ", column " : "", e.column ? e.column->c_str() : "", e.code.c_str(),
                e.reason.c_str());
  }
  std::printf("all of them: GET /api/v1/imports/%s/errors (add ?format=csv for a CSV file)\n",
              import.uuid.c_str());
}

}  // namespace

int RunImport(const ImportCommandOptions& o) {
  if (o.batch_rows < 1 || o.batch_rows > kMaxBatchRows) {
    return Fail(Error::Validation("batch_rows", "The batch_rows must be an integer between 1 and " +
                                                    std::to_string(kMaxBatchRows) + "."),
                o.file);
  }
  std::map<std::string, std::string, std::less<>> fields;
  if (o.mapping) fields["mapping"] = *o.mapping;
  if (o.default_country_code) fields["default_country_code"] = *o.default_country_code;
  if (o.on_duplicate) fields["on_duplicate"] = *o.on_duplicate;
  if (o.pool_uuid) fields["pool_uuid"] = *o.pool_uuid;
  auto options = api::ReadImportOptions(fields, o.tag_uuids);
  if (!options.ok()) return Fail(options.error(), o.file);
  auto file = CheckFile(o.file, *options);
  if (!file.ok()) return Fail(file.error(), o.file);

  auto database = OpenStore(o.db_path, o.db_pool > 0 ? o.db_pool : 2, o.durability);
  if (!database.ok()) return Fail(database.error(), o.file);
  SystemClock clock;
  UuidV7Generator ids;
  const std::string owner = LeaseOwner();
  SigintGuard sigint;  // from here on, SIGINT stops the import between batches

  auto created = [&]() -> Result<domain::ContactImport> {
    SB_ASSIGN_OR_RETURN(auto conn, (*database)->Acquire());
    auto existing = store::OrganizationRepository(*conn, clock).FindByName(o.org);
    if (!existing.ok() && existing.error().code() != ErrorCode::kNotFound) {
      return std::move(existing).error();
    }
    SB_RETURN_IF_ERROR(CheckLinks(*conn, existing.ok() ? existing->id : 0, *options));
    store::TokenRepository tokens(*conn, clock, ids);
    int64_t org = 0;
    int64_t user = 0;
    SB_RETURN_IF_ERROR(db::InTransaction(*conn, [&]() -> Status {
      SB_ASSIGN_OR_RETURN(org, tokens.EnsureOrganization(o.org));
      SB_ASSIGN_OR_RETURN(user, services::EnsureUser(*conn, org, o.user, clock, ids));
      return OkStatus();
    }));
    store::ImportRepository imports(*conn, clock, ids);
    // A name on disk may be any bytes: made UTF-8 text as an upload's is.
    const std::string name =
        api::ImportFileName({}, std::filesystem::path(file->path).filename().string());
    SB_ASSIGN_OR_RETURN(auto import,
                        imports.Create(org, user, {name, file->path, file->bytes}, *options));
    SB_ASSIGN_OR_RETURN(bool mine, imports.Claim(org, import.id, owner, kLeaseSeconds));
    if (!mine) {
      return Error(ErrorCode::kConflict, "Another process took the import over",
                   "import " + import.uuid + " is run by a `switchboard serve` on this database");
    }
    return imports.Get(org, import.uuid);
  }();
  if (!created.ok()) return Fail(created.error(), o.file);
  std::printf("%s\n", created->uuid.c_str());
  std::fflush(stdout);

  const bool terminal = isatty(STDERR_FILENO) == 1;
  ImportProgressDisplay display(stderr, terminal);
  jobs::ImporterOptions importer_options;
  importer_options.batch_rows = static_cast<size_t>(o.batch_rows);
  importer_options.lease_seconds = kLeaseSeconds;
  importer_options.after_batch = [&display](const domain::ContactImport& now) {
    display.Update(now.progress, now.file_bytes);
    // After the last batch the import ends anyway: stopping would only delay it.
    return !g_interrupted.load() || now.progress.bytes_read >= now.file_bytes;
  };
  jobs::ContactImporter importer(**database, clock, ids, owner, importer_options);
  auto done = importer.Run(*created);
  if (!done.ok()) {
    if (terminal && display.draws() > 0) std::fputc('\n', stderr);  // end the bar's line
    return Fail(done.error(), o.file);
  }
  display.Finish(done->progress, done->file_bytes);
  const double seconds = display.Seconds();

  std::vector<domain::ImportRowError> errors;
  if (done->progress.failed > 0) {
    auto conn = (*database)->Acquire();
    if (!conn.ok()) return Fail(conn.error(), o.file);
    auto first = store::ImportRepository(**conn, clock, ids)
                     .Errors(done->organization_id, done->id, 0, kFirstErrors);
    if (!first.ok()) return Fail(first.error(), o.file);
    errors = std::move(first).value();
  }
  PrintSummary(*done, seconds, errors);
  std::fflush(stdout);
  if (done->status == domain::kImportRunning) {
    std::fprintf(stderr,
                 "interrupted: stopped before line %lld (%.0f%% of the file read); the import "
                 "stays running: `switchboard serve --db %s` resumes it while %s stays there\n",
                 static_cast<long long>(done->progress.resume_line),
                 ProgressPercent(ProgressSample{0, done->progress.bytes_read, done->file_bytes, 0}),
                 DescribeStore(o.db_path).c_str(), done->file_path.c_str());
    return kInterruptedExit;
  }
  return done->status == domain::kImportCompleted ? 0 : 1;
}

}  // namespace sb::app
