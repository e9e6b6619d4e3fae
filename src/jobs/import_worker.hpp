// Runs contact imports in `serve`: a background thread that claims runnable
// imports whose file this process can read (queued by its own upload route,
// or left running by a process that stopped or died, whose lease ran out),
// runs each with a ContactImporter, removes the uploaded file once the import
// ends, and fails (with their import.completed event) the imports nobody could
// resume within kImportAbandonSeconds of their lease running out or start
// within kImportQueuedExpirySeconds (their file went with the process that
// received them), and those whose run failed kImportMaxAttempts times. Several processes on one
// database may each run one; each import runs in one of them at a time.
//
// It is also the api::ImportQueue the upload route writes files into and wakes.
//
// Thread-safety: Start/Stop from one thread; RunOnce, Wake and spool_dir from
// any.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "api/request.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "jobs/contact_importer.hpp"
#include "store/db/database.hpp"

namespace sb::jobs {

// A running import whose lease ran out this long ago, and that no process
// could resume, fails.
inline constexpr int64_t kImportAbandonSeconds = int64_t{15} * 60;
// A queued import no process could read the file of for this long fails.
inline constexpr int64_t kImportQueuedExpirySeconds = int64_t{24} * 60 * 60;
// An import whose run failed this many times in a row in one process with an
// unexpected error (kInternal: a bug, or data the store refuses) fails, rather
// than being retried for ever. An unreachable store is never counted.
inline constexpr int kImportMaxAttempts = 5;

struct ImportWorkerOptions {
  std::string spool_dir;  // created when missing
  std::chrono::milliseconds interval = std::chrono::seconds(2);
  size_t batch_rows = 1000;
  int64_t lease_seconds = 120;
};

class ImportWorker final : public api::ImportQueue {
 public:
  ImportWorker(db::Database& db, const Clock& clock, IdGenerator& ids, ImportWorkerOptions options);
  ~ImportWorker() override { Stop(); }
  ImportWorker(const ImportWorker&) = delete;
  ImportWorker& operator=(const ImportWorker&) = delete;

  // Creates the spool directory. kInternal when it cannot be created.
  Status Prepare();

  // Runs every runnable import it can read, one after the other, then fails
  // the abandoned ones; the number of imports it ran (an error when a run
  // failed: the import is retried by the next call). Stops between batches
  // once Stop() was called (the import is resumed by the next claim).
  Result<int64_t> RunOnce();

  // Runs RunOnce every interval, and at once when woken, until Stop().
  void Start();
  void Stop();

  const std::string& spool_dir() const override { return options_.spool_dir; }
  void Wake() override;

 private:
  bool Stopping();
  // importer_.Run, with an exception it throws turned into a kInternal Error.
  Result<domain::ContactImport> RunContained(const domain::ContactImport& import);
  // Counts a failed run of `import`; true when it has had its attempts.
  bool OutOfAttempts(const domain::ContactImport& import, const Error& error);
  // Ends `import` (held by this process) as failed, with its latest counts.
  Status EndAsFailed(const domain::ContactImport& import, const std::string& reason);
  Status FailAbandoned();
  // Deletes the import's file when it is an upload in the spool directory.
  void RemoveUpload(const domain::ContactImport& import);

  db::Database& db_;
  const Clock& clock_;
  IdGenerator& ids_;
  ImportWorkerOptions options_;
  ContactImporter importer_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;
  std::map<std::string, int> failed_runs_;  // by import uuid; guarded by mu_
};

}  // namespace sb::jobs
