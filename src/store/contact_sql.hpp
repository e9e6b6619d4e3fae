// SQL pieces shared by the contact queries (internal to store/).
#pragma once

#include <string>

#include "domain/contact.hpp"
#include "store/db/database.hpp"

namespace sb::store::contact_sql {

// The columns ReadContact() expects, from `contacts c LEFT JOIN pipeline_stages s`.
extern const char* const kColumns;
extern const char* const kFrom;

domain::Contact ReadContact(const db::Rows& row);

// Appends " AND ..." conditions for `filter` to `where` and their values to
// `params`. Unknown stage/tag/pool/campaign uuids simply match nothing.
void AppendFilter(int64_t org, const domain::ContactFilter& filter, std::string& where,
                  db::Params& params);

// An FTS5 query matching `term` as a substring (trigram phrase), or nullopt when
// the term is too short for the trigram index (under 3 characters).
std::optional<std::string> TrigramQuery(const std::string& term);

}  // namespace sb::store::contact_sql
