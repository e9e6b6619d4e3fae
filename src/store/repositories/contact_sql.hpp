// SQL pieces shared by the contact queries (internal to store/).
#pragma once

#include <cstddef>
#include <string>

#include "domain/contact.hpp"
#include "store/drivers/database.hpp"
#include "store/drivers/dialect.hpp"

namespace sb::store::contact_sql {

// The columns ReadContact() expects, from `contacts c LEFT JOIN pipeline_stages s
// LEFT JOIN users o (owner) LEFT JOIN users cb (creator)` (kFrom). Tags and
// assignees are loaded separately, one query per page.
extern const char* const kColumns;
extern const char* const kFrom;

domain::Contact ReadContact(const db::Rows& row);

// The writable columns of a contact (every field a create or update writes;
// not uuid, created_by or the timestamps), for INSERT column lists, and the
// same columns as "name = ?, ..." for UPDATE, in one order.
inline constexpr size_t kFieldCount = 19;
extern const char* const kFieldColumns;
extern const char* const kUpdateSets;

// The values of kFieldColumns for `c`, its stage and owner already resolved to
// row ids (or NULL).
db::Params FieldValues(const domain::Contact& c, const db::Value& stage, const db::Value& owner);

// Appends " AND ..." conditions for `filter` to `where` and their values to
// `params`; they refer to the contact as `c` only, so the same `where` serves
// the COUNT(*) over `contacts c` and the page query over kFrom. Unknown
// stage/tag/pool/campaign/user uuids simply match nothing.
// The search condition comes from `dialect` (the connection's).
void AppendFilter(const Dialect& dialect, int64_t org, const domain::ContactFilter& filter,
                  std::string& where, db::Params& params);

}  // namespace sb::store::contact_sql
