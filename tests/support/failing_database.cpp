#include "support/failing_database.hpp"

#include <stdexcept>

namespace sb::testing {
namespace {

Error Died() { return Error(ErrorCode::kUnavailable, "Store unavailable", "injected failure"); }
// Names the statement, as an engine's message would.
Error Refused(std::string_view sql) {
  return Error(ErrorCode::kInternal, "Store error", "injected refusal of: " + std::string(sql));
}

class FailingConnection final : public db::Connection {
 public:
  FailingConnection(db::ConnectionLease inner, FailingDatabase& owner)
      : inner_(std::move(inner)), owner_(owner) {}

  db::Engine engine() const override { return inner_->engine(); }
  const store::Dialect& dialect() const override { return inner_->dialect(); }
  Result<std::unique_ptr<db::Rows>> Query(std::string_view sql, const db::Params& p) override {
    owner_.ThrowIfAsked(sql);
    if (owner_.Refuses(sql)) return Refused(sql);
    if (!owner_.Take(sql)) return Died();
    return inner_->Query(sql, p);
  }
  Result<int64_t> Exec(std::string_view sql, const db::Params& p) override {
    owner_.ThrowIfAsked(sql);
    if (owner_.Refuses(sql)) return Refused(sql);
    if (!owner_.Take(sql)) return Died();
    return inner_->Exec(sql, p);
  }
  Status ExecScript(std::string_view sql) override {
    if (!owner_.Take(sql)) return Died();
    return inner_->ExecScript(sql);
  }
  Status Begin() override { return inner_->Begin(); }
  Status Commit() override {
    if (owner_.failed()) return Died();
    return inner_->Commit();
  }
  Status Rollback() override { return inner_->Rollback(); }

 private:
  db::ConnectionLease inner_;
  FailingDatabase& owner_;
};

}  // namespace

void FailingDatabase::ThrowIfAsked(std::string_view sql) const {
  if (!throwing_part_.empty() && sql.find(throwing_part_) != std::string_view::npos) {
    throw std::runtime_error("injected exception");
  }
}

bool FailingDatabase::Take(std::string_view sql) {
  if (failed_.load()) return false;
  if (sql_part_.empty() || sql.find(sql_part_) == std::string_view::npos) return true;
  if (remaining_.fetch_sub(1) > 1) return true;
  failed_.store(true);
  return false;
}

Result<db::ConnectionLease> FailingDatabase::Acquire() {
  SB_ASSIGN_OR_RETURN(auto inner, inner_.Acquire());
  return db::ConnectionLease(new FailingConnection(std::move(inner), *this),
                             [](db::Connection* c) { delete c; });
}

}  // namespace sb::testing
