// What links a contact to other rows: stage, tags, owner and assignees.
// Resolving public uuids to row ids (422 naming the body field when one is not
// the organization's), replacing a contact's sets, and loading them for a page
// of contacts in one query each (internal to store/; callers hold the
// transaction).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/contact.hpp"
#include "store/drivers/database.hpp"

namespace sb::store::contact_links {

// The ids of the rows of `table` (a fixed table name) with these uuids in the
// organization, duplicates ignored; 422 naming `field` and listing the unknown
// uuids when any is not found.
Result<std::vector<int64_t>> ResolveIds(db::Connection& conn, std::string_view table, int64_t org,
                                        const std::vector<std::string>& uuids,
                                        const std::string& field);

// As ResolveIds for one optional uuid: NULL when absent.
Result<db::Value> ResolveId(db::Connection& conn, std::string_view table, int64_t org,
                            const std::optional<std::string>& uuid, const std::string& field);

// Adds the tags to the contact (after removing all it had when `clear_first`).
Status ReplaceTags(db::Connection& conn, int64_t org, int64_t contact_id,
                   const std::vector<int64_t>& tag_ids, bool clear_first);

// Makes `user_ids` the contact's exact set of assignees.
Status ReplaceAssignees(db::Connection& conn, int64_t org, int64_t contact_id,
                        const std::vector<int64_t>& user_ids);

// Fills `tags` (by name) and `assignee_uuids` (sorted) of every contact.
Status LoadTagsAndAssignees(db::Connection& conn, int64_t org,
                            std::vector<domain::Contact>& contacts);

}  // namespace sb::store::contact_links
