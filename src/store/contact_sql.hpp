// SQL pieces shared by the contact queries (internal to store/).
#pragma once

#include <string>

#include "domain/contact.hpp"
#include "store/db/database.hpp"
#include "store/dialect.hpp"

namespace sb::store::contact_sql {

// The columns ReadContact() expects, from `contacts c LEFT JOIN pipeline_stages s
// LEFT JOIN users o (owner) LEFT JOIN users cb (creator)` (kFrom). Tags and
// assignees are loaded separately, one query per page.
extern const char* const kColumns;
extern const char* const kFrom;

domain::Contact ReadContact(const db::Rows& row);

// Appends " AND ..." conditions for `filter` to `where` and their values to
// `params`; they refer to the contact as `c` only, so the same `where` serves
// the COUNT(*) over `contacts c` and the page query over kFrom. Unknown
// stage/tag/pool/campaign/user uuids simply match nothing.
// The search condition comes from `dialect` (the connection's).
void AppendFilter(const Dialect& dialect, int64_t org, const domain::ContactFilter& filter,
                  std::string& where, db::Params& params);

}  // namespace sb::store::contact_sql
