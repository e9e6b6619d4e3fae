// SQL pieces shared by the contact queries (internal to store/).
#pragma once

#include <cstddef>
#include <string>

#include "domain/contact.hpp"
#include "domain/contact_entity.hpp"
#include "store/drivers/database.hpp"
#include "store/drivers/dialect.hpp"
#include "store/repositories/entity_sql.hpp"

namespace sb::store::contact_sql {

// All derived from the contact's declaration (domain/contact_entity.hpp).
// The select list ReadContact() reads, each column under its result name,
// from `contacts c` and its references' joins (kFrom). Tags and assignees are
// loaded separately, one query per page.
extern const std::string kColumns;
extern const std::string kFrom;
// The number of columns in kColumns (a caller's extra columns follow them).
inline constexpr size_t kColumnCount = domain::ResultNames<domain::kContactEntity>().size();

// Reads the current row by column name (resolved once per result).
domain::Contact ReadContact(const db::Rows& row);

// The columns a create or an update writes (not uuid, created_by or the
// timestamps), for INSERT column lists, and the same columns as
// "name = ?, ..." for UPDATE, in one order.
inline constexpr size_t kFieldCount = entity_sql::StoredCount(domain::kContactEntity);
extern const std::string kFieldColumns;
extern const std::string kUpdateSets;

// The values of kFieldColumns for `c`, its stage and owner already resolved to
// row ids (or NULL).
db::Params FieldValues(const domain::Contact& c, const db::Value& stage, const db::Value& owner);

// Appends " AND ..." conditions for `filter` to `where` and their values to
// `params`; they refer to the contact as `c` only, so the same `where` serves
// the COUNT(*) over `contacts c` and the page query over kFrom. Unknown
// stage/tag/pool/campaign/user uuids simply match nothing. The fields
// declared Filter::kEquality (filter.fields) need no code here.
// The search condition comes from `dialect` (the connection's).
void AppendFilter(const Dialect& dialect, int64_t org, const domain::ContactFilter& filter,
                  std::string& where, db::Params& params);

}  // namespace sb::store::contact_sql
