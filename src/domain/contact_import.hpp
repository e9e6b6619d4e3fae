// A contact import: a CSV file an organization loads, what to do with it, and
// how far it got. No SQL, no HTTP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/enums.hpp"

namespace sb::domain {

// queued (waiting for a worker) -> running -> completed | failed.
inline constexpr std::string_view kImportQueued = "queued";
inline constexpr std::string_view kImportRunning = "running";
inline constexpr std::string_view kImportCompleted = "completed";
inline constexpr std::string_view kImportFailed = "failed";

// What a row whose phone number (E.164) another contact already has does:
// that contact is an earlier row of the file or one the organization had.
enum class OnDuplicate { kSkip, kUpdate, kError };
EnumValues OnDuplicateNames();  // skip, update, error
std::string_view OnDuplicateName(OnDuplicate d);
std::optional<OnDuplicate> ParseOnDuplicate(std::string_view name);

struct ImportOptions {
  // JSON object {"CSV column": "field" | "tags" | "metadata.KEY" | null};
  // absent: columns named like fields fill them (domain/import_mapping.hpp).
  std::optional<std::string> mapping;
  std::optional<std::string> default_country_code;  // ISO 3166 alpha-2, upper case
  OnDuplicate on_duplicate = OnDuplicate::kSkip;
  std::vector<std::string> tag_uuids;  // applied to every imported contact
  std::optional<std::string> pool_uuid;
};

// Counts so far and where the next batch starts. Every count moves only with
// a committed batch, so they always describe what is in the store.
struct ImportProgress {
  int64_t rows_read = 0;  // records after the header, blank lines excluded
  int64_t created = 0;
  int64_t updated = 0;
  int64_t skipped = 0;
  int64_t failed = 0;
  int64_t bytes_read = 0;   // offset of the next record in the file
  int64_t resume_line = 1;  // its physical line
};

struct ContactImport {
  int64_t id = 0;
  int64_t organization_id = 0;
  std::string uuid;
  std::optional<int64_t> user_id;  // who uploaded it (gone when the user was deleted)
  std::optional<std::string> user_uuid;
  std::string status{kImportQueued};
  std::string file_name;
  std::string file_path;  // where the worker reads the file
  int64_t file_bytes = 0;
  ImportOptions options;
  // The header record and the delimiter, known once the first batch ran.
  std::optional<std::vector<std::string>> header;
  char delimiter = 0;
  ImportProgress progress;
  std::optional<std::string> error;  // why it failed
  // Runs started since the import last made progress (a committed batch or
  // a graceful stop), counted as each run starts: see ImportRepository::Claim.
  int64_t attempts = 0;
  int64_t created_at = 0;
  std::optional<int64_t> started_at;
  std::optional<int64_t> finished_at;
  int64_t updated_at = 0;
};

// One rejected row: its first physical line, a machine code ("cell_count",
// "unterminated_quote", "invalid", "duplicate", ...), the CSV column (header
// text) and contact field at fault when known, and a sentence for people.
struct ImportRowError {
  int64_t line = 0;
  std::string code;
  std::optional<std::string> column;
  std::optional<std::string> field;
  std::string reason;
};

}  // namespace sb::domain
