// Contacts: the people an organization calls. Field names follow seed 001.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/maybe.hpp"
#include "core/result.hpp"
#include "domain/entity.hpp"

namespace sb::domain {

struct ContactTag {
  std::string uuid;
  std::string name;
};

struct Contact {
  int64_t id = 0;
  std::string uuid;
  std::string name;
  std::optional<std::string> surname;
  std::optional<std::string> email;
  std::optional<std::string> phone_number;  // E.164
  std::optional<std::string> number_type;   // from libphonenumber: mobile, fixed_line, ...
  std::optional<std::string> country_code;  // ISO region of the number (or as given)
  std::optional<std::string> timezone;      // IANA zone
  std::optional<std::string> primary_language;
  std::optional<std::string> preferred_contact_channel;  // Call | SMS | WhatsApp
  std::optional<std::string> preferred_contact_time;
  std::string status = "Active";  // Active | Inactive
  std::optional<std::string> stage_uuid;
  std::optional<std::string> notes;
  std::string metadata = "{}";  // a JSON object, compact
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::vector<ContactTag> tags;
  // The latest call and message (see store/call_repository.hpp); read-only.
  std::optional<std::string> last_call_status;
  std::optional<int64_t> last_call_at;
  std::optional<int64_t> last_call_duration;
  std::optional<std::string> last_call_feedback;
  std::optional<int64_t> last_message_at;
  std::optional<std::string> last_message_status;
  // Ownership and origin. Users are named by uuid; a deleted user leaves null
  // (owner, creator) or drops out of the assignees.
  std::optional<std::string> owner_uuid;
  std::optional<std::string> created_by_uuid;  // set by the server on create; read-only
  std::vector<std::string> assignee_uuids;     // sorted, no duplicates
  std::optional<std::string> source_name;
  std::optional<std::string> lead_source;
  std::optional<std::string> category;
  // Never call this contact (an opt-out); the dialer skips it.
  bool do_not_call = false;
  std::optional<std::string> job_title;
};

// The fields a create or update may set; absent fields are left alone.
// Values are as the client sent them (already type-checked), not yet normalized.
struct ContactFields {
  std::optional<std::string> name;
  Maybe<std::string> surname;
  Maybe<std::string> email;
  Maybe<std::string> phone_number;
  Maybe<std::string> country_code;
  Maybe<std::string> timezone;
  Maybe<std::string> primary_language;
  Maybe<std::string> preferred_contact_channel;
  Maybe<std::string> preferred_contact_time;
  std::optional<std::string> status;
  Maybe<std::string> stage_uuid;
  Maybe<std::string> notes;
  std::optional<std::string> metadata;
  std::optional<std::vector<std::string>> tag_uuids;  // replaces the set
  Maybe<std::string> owner_uuid;
  std::optional<std::vector<std::string>> assignee_uuids;  // replaces the set
  Maybe<std::string> source_name;
  Maybe<std::string> lead_source;
  Maybe<std::string> category;
  std::optional<bool> do_not_call;
  Maybe<std::string> job_title;
};

// Applies `fields` to `contact` and validates the result: the phone number is
// normalized to E.164 (number_type and country_code follow from it), the email
// and time zone checked, and a contact must keep a name and a phone number or
// an email. 422 naming every bad field.
Status ApplyContactFields(const ContactFields& fields, Contact& contact);

// Filters of GET /api/v1/contacts (seed 001).
struct ContactFilter {
  std::optional<std::string> search;
  std::optional<std::string> status;
  std::optional<std::string> channel;
  std::optional<std::string> stage_uuid;
  std::optional<std::string> campaign_uuid;
  std::optional<std::string> tag_uuid;
  std::optional<std::string> pool_uuid;
  std::optional<int64_t> created_from;   // inclusive, Unix seconds
  std::optional<int64_t> created_until;  // exclusive, Unix seconds
  // Exact matches on ownership and origin. Within one list any value matches;
  // an empty list does not filter. Unknown user uuids simply match nothing.
  std::vector<std::string> owner_uuids;     // the contact's owner
  std::vector<std::string> assignee_uuids;  // one of the contact's assignees
  std::vector<std::string> source_names;
  std::vector<std::string> lead_sources;
  std::vector<std::string> categories;
  // Filters the foreign dialects (api/compat) need; every dialect maps its
  // parameters onto this one filter. Lists match any of their values.
  std::vector<std::string> tag_names;           // carries a tag with one of these names
  std::vector<std::string> last_call_statuses;  // the latest call's status
  // Any listed user is the contact's owner, creator or one of its assignees.
  std::vector<std::string> involved_uuids;
  bool unassigned = false;                   // the contact has no assignees
  std::optional<std::string> stage_name;     // its stage is named so (any pipeline)
  std::optional<std::string> pipeline_uuid;  // its stage belongs to this pipeline
  std::optional<std::string> last_message_status;
  std::optional<int64_t> last_message_from;   // inclusive, Unix seconds
  std::optional<int64_t> last_message_until;  // exclusive, Unix seconds
  std::optional<bool> do_not_call;
  // Exact matches on the fields declared Filter::kEquality
  // (domain/contact_entity.hpp), in declaration order.
  std::vector<FieldMatch> fields;

  // A canonical string naming this filter (the key of cached totals).
  std::string CacheKey() const;
};

bool IsPlausibleEmail(std::string_view email);
bool IsKnownTimeZone(const std::string& zone);

}  // namespace sb::domain
