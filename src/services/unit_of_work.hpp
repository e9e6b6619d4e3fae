// The unit of work: every write of an organization's data runs in one.
//
// A unit of work opens one transaction on a connection for one organization
// and hands the use case that connection and an outbox for its webhook
// events. When the use case succeeds it bumps the organization's write
// generation exactly once (so cached list totals of the organization are
// never served after the change, store/repositories/count_cache.hpp) and
// commits; when it fails it rolls back: nothing written, nothing bumped, no
// event emitted (the outbox writes inside the same transaction).
//
// This is the one place the write generation is bumped: repositories write
// rows and never bump, so a write reaches an organization's data only through
// a unit of work. Writes that are in no list total (webhook events and
// deliveries, idempotency records, the audit log, tokens' last use) do not
// run in one.
//
// Nesting: on a connection already in a transaction (the group commit's
// shared transaction, store/drivers/commit_group.hpp, or an outer unit of
// work) the unit of work is a savepoint: it bumps once when its savepoint is
// released, and a failure undoes its own savepoint only.
//
// Thread-safety: none; a unit of work belongs to one connection and one
// thread, and runs once.
#pragma once

#include <cstdint>
#include <optional>
#include <type_traits>
#include <utility>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "store/drivers/database.hpp"
#include "store/repositories/event_outbox.hpp"

namespace sb::services {

class UnitOfWork {
 public:
  UnitOfWork(db::Connection& conn, int64_t org, const Clock& clock, IdGenerator& ids)
      : conn_(conn), org_(org), now_(clock.NowSeconds()), clock_(clock), ids_(ids) {}
  UnitOfWork(const UnitOfWork&) = delete;
  UnitOfWork& operator=(const UnitOfWork&) = delete;

  db::Connection& conn() const { return conn_; }
  int64_t org() const { return org_; }
  // The time of the change (read once, when the unit of work was made).
  int64_t now() const { return now_; }
  const Clock& clock() const { return clock_; }
  IdGenerator& ids() const { return ids_; }
  // The outbox of this unit of work's events (made on first use).
  store::EventOutbox& outbox();
  // The use case found nothing to change (a claim with no member due): it
  // commits without bumping, so cached totals stay valid. Only for a body
  // that wrote no row of the organization's data.
  void NothingChanged() { changed_ = false; }

  // Runs `body` (callable with a UnitOfWork& or with nothing, returning Status
  // or Result<T>) in the transaction; returns what it returned, or the error
  // of beginning, bumping or committing. Call once.
  template <typename F>
  auto Run(F&& body) {
    db::Transaction tx(conn_);
    using Out = decltype(Call(body));
    if (Status st = Begin(tx); !st.ok()) return Out(std::move(st).error());
    Out out = Call(body);
    if (!out.ok()) return out;  // tx rolls back as it goes
    if (Status st = Finish(tx); !st.ok()) return Out(std::move(st).error());
    return out;
  }

 private:
  template <typename F>
  auto Call(F& body) {
    if constexpr (std::is_invocable_v<F&, UnitOfWork&>) {
      return body(*this);
    } else {
      return body();
    }
  }
  Status Begin(db::Transaction& tx);
  // Bumps the write generation, then commits (or releases the savepoint).
  Status Finish(db::Transaction& tx);

  db::Connection& conn_;
  const int64_t org_;
  const int64_t now_;
  const Clock& clock_;
  IdGenerator& ids_;
  bool ran_ = false;
  bool changed_ = true;
  std::optional<store::EventOutbox> outbox_;
};

// Runs `body` in a new unit of work on `conn` for `org`.
template <typename F>
auto InUnitOfWork(db::Connection& conn, int64_t org, const Clock& clock, IdGenerator& ids,
                  F&& body) {
  UnitOfWork uow(conn, org, clock, ids);
  return uow.Run(std::forward<F>(body));
}

}  // namespace sb::services
