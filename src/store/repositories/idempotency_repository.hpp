// Idempotency keys of POST requests (the Idempotency-Key header), per API
// token (and so per organization): two tokens never share a key, so one user
// never replays another's response. A key remembers the request it first came with (a hash of
// method, target and body) and, once that request finished, its response, so a
// retry with the same key replays the response instead of running again.
//
// Contract:
// - Begin decides, atomically with respect to every other Begin on the same
//   store (one transaction: insert-if-absent, then read), what a request with
//   this key does: run (kFresh, a 'running' row now exists), replay a stored
//   response (kReplay), or be refused because the key came with another request
//   (kMismatch) or its first request is still running (kInFlight). A key is
//   kept for kRetentionSeconds; an expired row is replaced as if absent. A row
//   still 'running' after kRunningTakeoverSeconds (its server went away
//   mid-request) is replaced too, so a crash does not block a key for a day.
// - Finish stores the response of a kFresh request; Abandon forgets a kFresh
//   request whose response should not be replayed (a server error), so a retry
//   runs again.
// - Purge deletes expired rows of every organization (a maintenance sweep).
// - A token's keys are deleted with the token.
//
// Idempotency rows are not part of any list, so writes here do not bump the
// organization's write generation. Not thread-safe: one repository per
// connection.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "store/drivers/database.hpp"

namespace sb::store {

inline constexpr int64_t kIdempotencyRetentionSeconds = int64_t{24} * 60 * 60;
inline constexpr int64_t kIdempotencyRunningTakeoverSeconds = int64_t{15} * 60;

enum class IdempotencyOutcome { kFresh, kReplay, kMismatch, kInFlight };

// What Begin decided; the response fields are set on kReplay only.
struct IdempotencyBegin {
  IdempotencyOutcome outcome = IdempotencyOutcome::kFresh;
  int response_status = 0;
  std::string response_body;
  std::string response_content_type;
};

// The request a key is presented with.
struct IdempotencyRequest {
  std::string key;           // 1..255 printable ASCII (checked by the caller)
  std::string request_hash;  // SHA-256 hex of method, target and body
  std::string method;
  std::string path;
};

class IdempotencyRepository {
 public:
  explicit IdempotencyRepository(db::Connection& conn) : conn_(conn) {}

  // `token` is the id of the API token the request came with (an api_tokens
  // row of `org`); every call below names the key by (org, token, key).
  Result<IdempotencyBegin> Begin(int64_t org, int64_t token, const IdempotencyRequest& request,
                                 int64_t now);
  // Stores the response of the running request with this key (no-op when the
  // row is gone or no longer running).
  Status Finish(int64_t org, int64_t token, const std::string& key, int status,
                const std::string& body, const std::string& content_type);
  // Deletes the row of the running request with this key.
  Status Abandon(int64_t org, int64_t token, const std::string& key);
  // Deletes up to `limit` rows that expired at or before `now`; the count.
  Result<int64_t> Purge(int64_t now, int64_t limit);

 private:
  db::Connection& conn_;
};

}  // namespace sb::store
