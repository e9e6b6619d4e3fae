// Writing phone numbers (reads are in phone_number_query.cpp).
#include "store/repositories/phone_number_repository.hpp"

#include "store/repositories/store_util.hpp"

namespace sb::store {

Result<domain::PhoneNumber> PhoneNumberRepository::Create(int64_t org, const NewPhoneNumber& f) {
  std::string uuid = ids_.NewUuid();
  const db::Timestamp now{clock_.NowSeconds()};
  Status st = db::InTransaction(conn_, [&]() -> Status {
    auto inserted = conn_.Exec(
        "INSERT INTO phone_numbers (organization_id, uuid, number, country_code, type, is_external,"
        " status, compliance_status, compliance_requirements, capabilities, channel_settings,"
        " monthly_fee_cents, currency, purchased_at, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {org, uuid, f.number, f.country_code, f.type, int64_t{f.is_external ? 1 : 0}, f.status,
         f.compliance_status, f.compliance_requirements, domain::CapabilitiesJson(f.capabilities),
         domain::ChannelSettingsJson(f.channel_settings), f.monthly_fee_cents, f.currency, now, now,
         now});
    if (!inserted.ok()) {
      if (inserted.error().code() == ErrorCode::kConflict) {
        return Error::Conflict("This phone number is already registered.", "number");
      }
      return inserted.error();
    }
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return Get(org, uuid);
}

Result<domain::PhoneNumber> PhoneNumberRepository::Update(int64_t org, const std::string& uuid,
                                                          const PhoneNumberUpdate& u) {
  Status st = db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(auto rows, conn_.Query("SELECT id, channel_settings FROM phone_numbers"
                                               " WHERE organization_id = ? AND uuid = ?",
                                               {org, uuid}));
    SB_ASSIGN_OR_RETURN(bool found, rows->Next());
    if (!found) return Error::NotFound("Phone number");
    int64_t id = rows->Int(0);
    // Merged inside the transaction so concurrent patches of different
    // channels do not undo each other.
    domain::ChannelSettings settings = domain::ParseChannelSettings(rows->Text(1));
    rows.reset();
    domain::ApplyPatch(u.channel_settings, settings);
    SB_RETURN_IF_ERROR(
        conn_.Exec("UPDATE phone_numbers SET status = COALESCE(?, status),"
                   " compliance_status = COALESCE(?, compliance_status),"
                   " compliance_requirements = COALESCE(?, compliance_requirements),"
                   " channel_settings = ?, updated_at = ? WHERE organization_id = ? AND id = ?",
                   {db::Nullable(u.status), db::Nullable(u.compliance_status),
                    db::Nullable(u.compliance_requirements), domain::ChannelSettingsJson(settings),
                    db::Timestamp{clock_.NowSeconds()}, org, id}));
    return OkStatus();
  });
  SB_RETURN_IF_ERROR(st);
  return Get(org, uuid);
}

Status PhoneNumberRepository::Delete(int64_t org, const std::string& uuid) {
  return db::InTransaction(conn_, [&]() -> Status {
    SB_ASSIGN_OR_RETURN(int64_t id, LookupId(conn_, "phone_numbers", org, uuid, "Phone number"));
    // Explicit as well as cascaded, so every engine behaves the same.
    SB_RETURN_IF_ERROR(conn_.Exec(
        "DELETE FROM phone_number_bindings WHERE organization_id = ? AND phone_number_id = ?",
        {org, id}));
    SB_RETURN_IF_ERROR(
        conn_.Exec("DELETE FROM phone_numbers WHERE organization_id = ? AND id = ?", {org, id}));
    return OkStatus();
  });
}

}  // namespace sb::store
