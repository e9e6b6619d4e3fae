#include "services/contact_upsert.hpp"

#include <unordered_map>

#include "services/outbox_events.hpp"
#include "store/repositories/contact_row_writer.hpp"

namespace sb::services {
namespace {

using store::BulkContactItem;
using store::BulkItemResult;
using store::BulkUpsertResult;
using store::ContactRowWriter;
using store::FindContactsByKeys;
using store::UpsertKey;
using store::UpsertOptions;

BulkItemResult Failed(const std::string& field, const std::string& message) {
  BulkItemResult r;
  r.kind = BulkItemResult::Kind::kError;
  r.field = field;
  r.message = message;
  return r;
}

// An item whose key matched `existing` under kSkip or kError.
BulkItemResult Matched(const UpsertOptions& options, const domain::Contact& existing) {
  const bool phone = options.key == UpsertKey::kPhoneNumber;
  if (options.on_match == domain::OnDuplicate::kError) {
    BulkItemResult r =
        Failed(phone ? "phone_number" : "email", std::string("A contact with this ") +
                                                     (phone ? "phone_number" : "email") +
                                                     " already exists: " + existing.uuid + ".");
    r.duplicate = true;
    return r;
  }
  BulkItemResult r;
  r.kind = BulkItemResult::Kind::kSkipped;
  r.uuid = existing.uuid;
  r.contact_id = existing.id;
  return r;
}

}  // namespace

Result<BulkUpsertResult> UpsertContacts(UnitOfWork& uow, int64_t user_id,
                                        const std::optional<std::string>& default_owner_uuid,
                                        const UpsertOptions& options,
                                        const std::vector<BulkContactItem>& items) {
  db::Connection& conn = uow.conn();
  const int64_t org = uow.org();
  BulkUpsertResult out;
  std::vector<std::optional<std::string>> keys;
  std::vector<std::string> lookup;
  for (const auto& item : items) {
    keys.push_back(item.rejected ? std::nullopt : store::UpsertKeyValue(options.key, item.fields));
    if (keys.back()) lookup.push_back(*keys.back());
  }
  std::unordered_map<std::string, domain::Contact> by_key;
  if (!lookup.empty()) {
    SB_ASSIGN_OR_RETURN(by_key, FindContactsByKeys(conn, org, options.key, lookup));
  }

  ContactRowWriter writer(conn, org, user_id, uow.now(), options.key == UpsertKey::kPhoneNumber);
  for (size_t i = 0; i < items.size(); ++i) {
    const BulkContactItem& item = items[i];
    if (item.rejected) {
      out.results.push_back(Failed(item.rejected->field, item.rejected->message));
      continue;
    }
    auto existing = keys[i] ? by_key.find(*keys[i]) : by_key.end();
    bool update = existing != by_key.end();
    if (update && options.on_match != domain::OnDuplicate::kUpdate) {
      out.results.push_back(Matched(options, existing->second));
      continue;
    }
    domain::Contact c;
    if (update) {
      c = existing->second;
    } else {
      c.uuid = uow.ids().NewUuid();
      c.owner_uuid = default_owner_uuid;
    }
    Status written = update ? writer.Update(item.fields, c) : writer.Create(item.fields, c);
    if (!written.ok()) {
      const Error& e = written.error();
      if (e.code() != ErrorCode::kValidation && e.code() != ErrorCode::kConflict) return e;
      out.results.push_back(e.fields().empty()
                                ? Failed(e.field(), e.message())
                                : Failed(e.fields().front().field, e.fields().front().message));
      out.results.back().duplicate = e.code() == ErrorCode::kConflict;
      continue;
    }
    BulkItemResult r;
    r.kind = update ? BulkItemResult::Kind::kUpdated : BulkItemResult::Kind::kCreated;
    r.uuid = c.uuid;
    r.contact_id = c.id;
    out.results.push_back(r);
    // A later item with the same key matches this contact.
    if (keys[i]) by_key.insert_or_assign(*keys[i], std::move(c));
  }
  for (const auto& r : out.results) {
    if (r.kind == BulkItemResult::Kind::kCreated) ++out.created;
    if (r.kind == BulkItemResult::Kind::kUpdated) ++out.updated;
    if (r.kind == BulkItemResult::Kind::kSkipped) ++out.skipped;
    if (r.kind == BulkItemResult::Kind::kError) ++out.failed;
  }
  SB_RETURN_IF_ERROR(outbox_events::UpsertedContacts(uow.outbox(), conn, org, out));
  return out;
}

}  // namespace sb::services
