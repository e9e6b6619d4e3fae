#include "http/idempotency.hpp"

#include <spdlog/spdlog.h>

#include <atomic>

#include "core/ids.hpp"
#include "http/error_response.hpp"
#include "store/repositories/idempotency_repository.hpp"

namespace sb::http {
namespace {

// Expired keys are deleted by the requests that use keys: one in kPurgeEvery
// also deletes up to kPurgeLimit expired rows of any organization. A key that
// expired is replaced when it is used again whether purged or not.
constexpr uint64_t kPurgeEvery = 64;
constexpr int64_t kPurgeLimit = 500;

// Runs `body` with a repository on a connection borrowed for just this call,
// so no connection is held while the handler runs.
template <typename T>
Result<T> WithRepository(api::HandlerContext& services,
                         const std::function<Result<T>(store::IdempotencyRepository&)>& body) {
  SB_ASSIGN_OR_RETURN(auto conn, services.db.Acquire());
  store::IdempotencyRepository repo(*conn);
  return body(repo);
}

void Abandon(api::HandlerContext& services, int64_t org, int64_t token, const std::string& key,
             std::string_view request_id) {
  Status st = WithRepository<void>(
      services, [&](store::IdempotencyRepository& repo) { return repo.Abandon(org, token, key); });
  if (!st.ok()) {
    spdlog::error("request_id={} cannot release idempotency key: {}", request_id,
                  st.error().details());
  }
}

void MaybePurge(api::HandlerContext& services) {
  static std::atomic<uint64_t> requests{0};
  if (requests.fetch_add(1) % kPurgeEvery != kPurgeEvery - 1) return;
  int64_t now = services.clock.NowSeconds();
  auto purged = WithRepository<int64_t>(
      services, [&](store::IdempotencyRepository& repo) { return repo.Purge(now, kPurgeLimit); });
  if (!purged.ok()) spdlog::warn("idempotency purge failed: {}", purged.error().details());
}

}  // namespace

std::string IdempotencyRequestHash(std::string_view method, std::string_view target,
                                   std::string_view body) {
  std::string text;
  text.reserve(method.size() + target.size() + body.size() + 2);
  text.append(method).append("\n").append(target).append("\n").append(body);
  return Sha256Hex(text);
}

bool TakesIdempotencyKey(std::string_view method, std::string_view path) {
  return method == "POST" && path.starts_with("/api/v1/");
}

Status ValidateIdempotencyKey(std::string_view key) {
  if (key.empty() || key.size() > 255) {
    return Error::Validation(std::string(kIdempotencyKeyHeader),
                             "The Idempotency-Key must be 1 to 255 characters.");
  }
  for (char c : key) {
    if (c < 0x20 || c > 0x7e) {
      return Error::Validation(std::string(kIdempotencyKeyHeader),
                               "The Idempotency-Key may only contain printable ASCII characters.");
    }
  }
  return OkStatus();
}

Result<api::ApiResponse> RunIdempotent(const api::ApiRequest& request, std::string_view target,
                                       std::string_view request_id, const std::string& key,
                                       api::ErrorStyle style, api::HandlerContext& services,
                                       const std::function<Result<api::ApiResponse>()>& handler) {
  SB_RETURN_IF_ERROR(ValidateIdempotencyKey(key));
  const int64_t org = request.auth.organization_id;
  const int64_t token = request.auth.token_id;
  const store::IdempotencyRequest keyed{
      key,
      // A body that arrived as a file is known by its digest, taken as it arrived.
      IdempotencyRequestHash(
          request.method, target,
          request.body_file ? "file:" + request.body_file->sha256() : request.body),
      request.method, request.path};
  const int64_t now = services.clock.NowSeconds();
  SB_ASSIGN_OR_RETURN(
      store::IdempotencyBegin begun,
      WithRepository<store::IdempotencyBegin>(services, [&](store::IdempotencyRepository& repo) {
        return repo.Begin(org, token, keyed, now);
      }));
  switch (begun.outcome) {
    case store::IdempotencyOutcome::kMismatch:
      return Error::Validation(std::string(kIdempotencyKeyHeader),
                               "This Idempotency-Key was already used with a different request.");
    case store::IdempotencyOutcome::kInFlight:
      return Error::Conflict("A request with this Idempotency-Key is still being processed.",
                             std::string(kIdempotencyKeyHeader));
    case store::IdempotencyOutcome::kReplay: {
      api::ApiResponse replay(begun.response_status, std::move(begun.response_content_type),
                              std::move(begun.response_body));
      replay.headers.emplace_back(kIdempotentReplayedHeader, "true");
      return replay;
    }
    case store::IdempotencyOutcome::kFresh:
      break;
  }

  Result<api::ApiResponse> result = Error::Internal("handler did not run");
  try {
    result = handler();
  } catch (...) {
    Abandon(services, org, token, key, request_id);
    throw;
  }
  if (!result.ok() && HttpStatusFor(result.error().code()) >= 500) {
    Abandon(services, org, token, key, request_id);
    return result;
  }
  api::ApiResponse response =
      result.ok()
          ? std::move(result).value()
          : ErrorResponse(result.error(), style, RequestRef{request_id, request.method, target});
  if (response.stream || response.status >= 500) {
    Abandon(services, org, token, key, request_id);
    return response;
  }
  // A handler may want a replay to show less than the first answer (a secret
  // shown once): the replay body is what is stored.
  const std::string& to_store = response.replay_body ? *response.replay_body : response.body;
  Status stored = WithRepository<void>(services, [&](store::IdempotencyRepository& repo) {
    return repo.Finish(org, token, key, response.status, to_store, response.content_type);
  });
  if (!stored.ok()) {
    // The work is done; answer it. The key is released so a retry is not
    // refused as in flight (it will run again).
    spdlog::error("request_id={} cannot store idempotent response: {}", request_id,
                  stored.error().details());
    Abandon(services, org, token, key, request_id);
  }
  MaybePurge(services);
  return response;
}

}  // namespace sb::http
