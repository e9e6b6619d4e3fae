#include "store/repositories/idempotency_repository.hpp"

namespace sb::store {
namespace {

constexpr std::string_view kRunning = "running";
constexpr std::string_view kDone = "done";

}  // namespace

Result<IdempotencyBegin> IdempotencyRepository::Begin(int64_t org, int64_t token,
                                                      const IdempotencyRequest& request,
                                                      int64_t now) {
  IdempotencyBegin out;
  Status st = db::InTransaction(conn_, [&]() -> Status {
    // An expired key, or one left running by a server that went away, is free.
    SB_RETURN_IF_ERROR(
        conn_.Exec("DELETE FROM idempotency_keys WHERE organization_id = ? AND token_id = ?"
                   " AND key = ? AND (expires_at <= ? OR (status = ? AND created_at <= ?))",
                   {org, token, request.key, db::Timestamp{now}, std::string(kRunning),
                    db::Timestamp{now - kIdempotencyRunningTakeoverSeconds}}));
    // On PostgreSQL a concurrent insert of the same key waits here for the
    // other transaction, then inserts nothing and reads its row below.
    SB_ASSIGN_OR_RETURN(
        int64_t inserted,
        conn_.Exec("INSERT INTO idempotency_keys (organization_id, token_id, key, method, path,"
                   " request_hash, status, created_at, expires_at)"
                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                   " ON CONFLICT (organization_id, token_id, key) DO NOTHING",
                   {org, token, request.key, request.method, request.path, request.request_hash,
                    std::string(kRunning), db::Timestamp{now},
                    db::Timestamp{now + kIdempotencyRetentionSeconds}}));
    if (inserted == 1) {
      out.outcome = IdempotencyOutcome::kFresh;
      return OkStatus();
    }
    SB_ASSIGN_OR_RETURN(auto rows,
                        conn_.Query("SELECT request_hash, status, response_status, response_body,"
                                    " response_content_type FROM idempotency_keys"
                                    " WHERE organization_id = ? AND token_id = ? AND key = ?",
                                    {org, token, request.key}));
    SB_ASSIGN_OR_RETURN(bool found, rows->Next());
    if (!found) return Error::Internal("idempotency key vanished during Begin");
    if (rows->Text(0) != request.request_hash) {
      out.outcome = IdempotencyOutcome::kMismatch;
    } else if (rows->Text(1) != kDone) {
      out.outcome = IdempotencyOutcome::kInFlight;
    } else {
      out.outcome = IdempotencyOutcome::kReplay;
      out.response_status = static_cast<int>(rows->Int(2));
      out.response_body = rows->OptString(3).value_or("");
      out.response_content_type = rows->OptString(4).value_or("application/json");
    }
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return out;
}

Status IdempotencyRepository::Finish(int64_t org, int64_t token, const std::string& key, int status,
                                     const std::string& body, const std::string& content_type) {
  return db::InTransaction(conn_, [&]() -> Status {
    SB_RETURN_IF_ERROR(conn_.Exec(
        "UPDATE idempotency_keys SET status = ?, response_status = ?, response_body = ?,"
        " response_content_type = ? WHERE organization_id = ? AND token_id = ? AND key = ?"
        " AND status = ?",
        {std::string(kDone), int64_t{status}, body, content_type, org, token, key,
         std::string(kRunning)}));
    return OkStatus();
  });
}

Status IdempotencyRepository::Abandon(int64_t org, int64_t token, const std::string& key) {
  return db::InTransaction(conn_, [&]() -> Status {
    SB_RETURN_IF_ERROR(conn_.Exec(
        "DELETE FROM idempotency_keys WHERE organization_id = ? AND token_id = ? AND key = ?"
        " AND status = ?",
        {org, token, key, std::string(kRunning)}));
    return OkStatus();
  });
}

Result<int64_t> IdempotencyRepository::Purge(int64_t now, int64_t limit) {
  int64_t deleted = 0;
  Status st = db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(
        deleted, conn_.Exec("DELETE FROM idempotency_keys WHERE (organization_id, token_id, key)"
                            " IN (SELECT organization_id, token_id, key"
                            "  FROM idempotency_keys"
                            "  WHERE expires_at <= ? LIMIT ?)",
                            {db::Timestamp{now}, limit}));
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return deleted;
}

}  // namespace sb::store
