// Writing phone numbers (reads are in phone_number_query.cpp).
#include "store/repositories/phone_number_repository.hpp"

#include <array>
#include <span>
#include <string_view>

#include "domain/phone_number_entity.hpp"
#include "store/repositories/entity_sql.hpp"
#include "store/repositories/store_util.hpp"

namespace sb::store {

using domain::kPhoneNumberEntity;

Result<domain::PhoneNumber> PhoneNumberRepository::Create(int64_t org, const NewPhoneNumber& f) {
  domain::PhoneNumber n;
  n.number = f.number;
  n.country_code = f.country_code;
  n.type = f.type;
  n.is_external = f.is_external;
  n.status = f.status;
  n.compliance_status = f.compliance_status;
  n.compliance_requirements = f.compliance_requirements;
  n.capabilities = domain::CapabilitiesJson(f.capabilities);
  n.channel_settings = domain::ChannelSettingsJson(f.channel_settings);
  n.monthly_fee_cents = f.monthly_fee_cents;
  n.currency = f.currency;
  std::string uuid = ids_.NewUuid();
  const db::Timestamp now{clock_.NowSeconds()};
  static const std::string kInsert = "INSERT INTO phone_numbers (organization_id, uuid, " +
                                     entity_sql::StoredColumns(kPhoneNumberEntity) +
                                     ", purchased_at, created_at, updated_at) VALUES (?, ?, " +
                                     Placeholders(entity_sql::StoredCount(kPhoneNumberEntity)) +
                                     ", ?, ?, ?)";
  db::Params params =
      entity_sql::StoredValues(kPhoneNumberEntity, n, [](const domain::PhoneNumberField&) {
        return db::Value(db::Null{});  // a number refers to no other row
      });
  params.insert(params.begin(), {db::Value(org), db::Value(uuid)});
  params.insert(params.end(), {db::Value(now), db::Value(now), db::Value(now)});
  Status st = db::InTransaction(conn_, [&]() -> Status {
    auto inserted = conn_.Exec(kInsert, params);
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
    static constexpr std::array<std::string_view, 2> kNames = {"id", "channel_settings"};
    const std::span<const int> at = rows->Layout(kNames);
    int64_t id = rows->Int(at[0]);
    // Merged inside the transaction so concurrent patches of different
    // channels do not undo each other.
    domain::ChannelSettings settings = domain::ParseChannelSettings(rows->Text(at[1]));
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
