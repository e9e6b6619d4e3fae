#include "jobs/import_worker.hpp"

#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>

#include "store/repositories/import_repository.hpp"

namespace sb::jobs {
namespace {

// This process in import leases: host, pid and a random part (pids repeat).
std::string ProcessOwner() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + RandomHex(4);
}

// This process can read the import's file (another process's upload is on
// that process's disk).
bool Readable(const domain::ContactImport& import) {
  std::error_code ec;
  return std::filesystem::exists(import.file_path, ec);
}

bool InDirectory(const std::string& path, const std::string& dir) {
  std::error_code ec;
  auto parent = std::filesystem::weakly_canonical(std::filesystem::path(path).parent_path(), ec);
  if (ec) return false;
  auto spool = std::filesystem::weakly_canonical(dir, ec);
  return !ec && parent == spool;
}

ImporterOptions ImporterOptionsOf(const ImportWorkerOptions& o, std::function<bool()> go_on) {
  ImporterOptions out;
  out.batch_rows = o.batch_rows;
  out.lease_seconds = o.lease_seconds;
  out.after_batch = [go_on = std::move(go_on)](const domain::ContactImport&) { return go_on(); };
  out.max_record_bytes = o.max_record_bytes;
  out.max_cells = o.max_cells;
  return out;
}

}  // namespace

ImportWorker::ImportWorker(db::Database& db, const Clock& clock, IdGenerator& ids,
                           ImportWorkerOptions options)
    : db_(db),
      clock_(clock),
      ids_(ids),
      options_(std::move(options)),
      importer_(db, clock, ids, ProcessOwner(),
                ImporterOptionsOf(options_, [this] { return !Stopping(); })) {
  std::error_code ec;
  auto absolute = std::filesystem::absolute(options_.spool_dir, ec);
  if (!ec) options_.spool_dir = absolute.lexically_normal().string();
}

Status ImportWorker::Prepare() {
  std::error_code ec;
  std::filesystem::create_directories(options_.spool_dir, ec);
  if (ec) {
    return Error::Internal("cannot create the import directory " + options_.spool_dir + ": " +
                           ec.message());
  }
  return OkStatus();
}

bool ImportWorker::Stopping() {
  std::lock_guard<std::mutex> lock(mu_);
  return stopping_;
}

Result<domain::ContactImport> ImportWorker::RunContained(const domain::ContactImport& import) {
  // The file is a customer's: an exception on its data is a bug of ours, but
  // one import must not end the server (and, resumed at its restart, end it
  // again). It counts as a failed run, so the import fails after its attempts.
  try {
    return importer_.Run(import);
  } catch (const std::exception& e) {
    return Error(ErrorCode::kInternal, "The import stopped on an unexpected error", e.what());
  }
}

void ImportWorker::GiveAttemptBack(const domain::ContactImport& import) {
  auto conn = db_.Acquire();
  if (!conn.ok()) return;  // the store is still away: the attempt stays counted
  store::ImportRepository imports(**conn, clock_, ids_);
  (void)imports.UncountAttempt(import.organization_id, import.id, importer_.owner());
}

void ImportWorker::RemoveUpload(const domain::ContactImport& import) {
  // Only uploads are ours to remove (`switchboard import` reads the user's file).
  if (InDirectory(import.file_path, options_.spool_dir)) {
    std::error_code ec;
    std::filesystem::remove(import.file_path, ec);
  }
}

Status ImportWorker::EndAsFailed(const domain::ContactImport& import, const std::string& reason) {
  domain::ContactImport latest = import;
  {
    SB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
    store::ImportRepository imports(*conn, clock_, ids_);
    SB_ASSIGN_OR_RETURN(latest, imports.Get(import.organization_id, import.uuid));
  }
  return importer_.Fail(latest, reason);
}

Status ImportWorker::FailAbandoned() {
  std::vector<domain::ContactImport> abandoned;
  {
    SB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
    store::ImportRepository imports(*conn, clock_, ids_);
    SB_ASSIGN_OR_RETURN(abandoned,
                        imports.Abandoned(kImportAbandonSeconds, kImportQueuedExpirySeconds, 50));
  }
  for (const auto& import : abandoned) {
    if (Readable(import)) continue;  // ours to run: the next claim takes it
    {
      SB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
      store::ImportRepository imports(*conn, clock_, ids_);
      SB_ASSIGN_OR_RETURN(bool claimed, imports.Claim(import.organization_id, import.id,
                                                      importer_.owner(), options_.lease_seconds));
      if (!claimed) continue;  // another process got there first
    }
    const bool queued = import.status == domain::kImportQueued;
    SB_RETURN_IF_ERROR(EndAsFailed(
        import, queued ? "No process could read the import's file within a day of its upload."
                       : "The import stopped and its file is no longer available to resume it."));
    spdlog::warn("import {} failed: nobody could {} it", import.uuid, queued ? "start" : "resume");
  }
  return OkStatus();
}

Result<int64_t> ImportWorker::RunOnce() {
  int64_t ran = 0;
  while (!Stopping()) {
    std::optional<domain::ContactImport> claimed;
    {
      SB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
      store::ImportRepository imports(*conn, clock_, ids_);
      SB_ASSIGN_OR_RETURN(claimed,
                          imports.ClaimNext(importer_.owner(), options_.lease_seconds, Readable));
    }
    if (!claimed) break;
    ++ran;
    if (claimed->attempts > kImportMaxAttempts) {
      // Its earlier runs all ended without progress: on an error, or with the
      // process (which then could not say why).
      SB_RETURN_IF_ERROR(EndAsFailed(
          *claimed, fmt::format("The import was started {} times without making progress (each "
                                "run ended on an error or stopped the server); it will not be "
                                "retried. Check the file near line {}.",
                                kImportMaxAttempts, claimed->progress.resume_line)));
      spdlog::error("import {} failed for good after {} attempts without progress", claimed->uuid,
                    kImportMaxAttempts);
      RemoveUpload(*claimed);
      continue;
    }
    auto run = RunContained(*claimed);
    if (!run.ok()) {
      if (run.error().code() == ErrorCode::kUnavailable) GiveAttemptBack(*claimed);
      spdlog::error("import {} run failed (attempt {} of {}): {}", claimed->uuid, claimed->attempts,
                    kImportMaxAttempts, run.error().details());
      return std::move(run).error();
    }
    const domain::ContactImport& done = *run;
    if (done.status == domain::kImportRunning) break;  // stopping: resumed later
    spdlog::info("import {} {}: {} rows read, {} created, {} updated, {} skipped, {} failed",
                 done.uuid, done.status, done.progress.rows_read, done.progress.created,
                 done.progress.updated, done.progress.skipped, done.progress.failed);
    RemoveUpload(done);
  }
  SB_RETURN_IF_ERROR(FailAbandoned());
  return ran;
}

void ImportWorker::Wake() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void ImportWorker::Start() {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      woken_ = false;
      lock.unlock();
      auto ran = RunOnce();
      if (!ran.ok()) spdlog::warn("import run failed: {}", ran.error().details());
      lock.lock();
      cv_.wait_for(lock, options_.interval, [this] { return stopping_ || woken_; });
    }
  });
}

void ImportWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace sb::jobs
