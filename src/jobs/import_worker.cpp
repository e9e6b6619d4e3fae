#include "jobs/import_worker.hpp"

#include <unistd.h>

#include <spdlog/spdlog.h>

#include <filesystem>

#include "store/import_repository.hpp"

namespace sb::jobs {
namespace {

// This process in import leases: host, pid and a random part (pids repeat).
std::string ProcessOwner() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return std::string(host) + ":" + std::to_string(getpid()) + ":" + RandomHex(4);
}

bool InDirectory(const std::string& path, const std::string& dir) {
  std::error_code ec;
  auto parent = std::filesystem::weakly_canonical(std::filesystem::path(path).parent_path(), ec);
  if (ec) return false;
  auto spool = std::filesystem::weakly_canonical(dir, ec);
  return !ec && parent == spool;
}

}  // namespace

ImportWorker::ImportWorker(db::Database& db, const Clock& clock, IdGenerator& ids,
                           ImportWorkerOptions options)
    : db_(db),
      clock_(clock),
      ids_(ids),
      options_(std::move(options)),
      importer_(db, clock, ids, ProcessOwner(),
                ImporterOptions{options_.batch_rows, options_.lease_seconds,
                                [this](const domain::ContactImport&) { return !Stopping(); }}) {
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

Result<int64_t> ImportWorker::RunOnce() {
  int64_t ran = 0;
  while (!Stopping()) {
    std::optional<domain::ContactImport> claimed;
    {
      SB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
      store::ImportRepository imports(*conn, clock_, ids_);
      SB_ASSIGN_OR_RETURN(claimed, imports.ClaimNext(importer_.owner(), options_.lease_seconds,
                                                     [](const domain::ContactImport& i) {
                                                       std::error_code ec;
                                                       return std::filesystem::exists(i.file_path,
                                                                                      ec);
                                                     }));
    }
    if (!claimed) break;
    ++ran;
    SB_ASSIGN_OR_RETURN(auto done, importer_.Run(*claimed));
    if (done.status == domain::kImportRunning) break;  // stopping: resumed later
    spdlog::info("import {} {}: {} rows read, {} created, {} updated, {} skipped, {} failed",
                 done.uuid, done.status, done.progress.rows_read, done.progress.created,
                 done.progress.updated, done.progress.skipped, done.progress.failed);
    // Only uploads are ours to remove (`switchboard import` reads the user's file).
    if (InDirectory(done.file_path, options_.spool_dir)) {
      std::error_code ec;
      std::filesystem::remove(done.file_path, ec);
    }
  }
  SB_ASSIGN_OR_RETURN(auto conn, db_.Acquire());
  store::ImportRepository imports(*conn, clock_, ids_);
  SB_ASSIGN_OR_RETURN(int64_t abandoned, imports.FailAbandoned(kImportAbandonSeconds));
  if (abandoned > 0) spdlog::warn("{} import(s) could not be resumed and failed", abandoned);
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
