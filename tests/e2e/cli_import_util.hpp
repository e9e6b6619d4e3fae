// Helpers for the end-to-end tests of `switchboard import`: contacts CSV files
// written to disk, the command's summary read back, and looks into the store.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <regex>
#include <string>

#include "store/drivers/database.hpp"
#include "support/engine_test.hpp"
#include "support/test_db.hpp"

namespace sb::testing {

// The suite of cli_import_e2e_test.cpp and cli_import_resume_e2e_test.cpp, on both engines
// (instantiated in the first).
class CliImportE2E : public EngineTest {};

// The phone number of generated row `i`: a French mobile, valid and unique.
inline std::string ImportPhone(int64_t i) { return "+336" + std::to_string(10000000 + i); }

// Writes `rows` contacts (name, surname, email, phone_number, tags,
// metadata.plan, metadata.seats) to `path`; row i gets tag "vip" when i % 3 == 0
// and "lead" always. Returns the file's size.
inline int64_t WriteContactsCsv(const std::string& path, int64_t rows,
                                const std::string& extra_lines = "") {
  std::ofstream out(path, std::ios::binary);
  out << "name,surname,email,phone_number,tags,metadata.plan,metadata.seats\n";
  for (int64_t i = 0; i < rows; ++i) {
    out << "Name" << i << ",Surname" << i << ",user" << i << "@example.com," << ImportPhone(i)
        << "," << (i % 3 == 0 ? "vip;lead" : "lead") << "," << (i % 2 == 0 ? "pro" : "free") << ","
        << i % 50 << "\n";
  }
  out << extra_lines;
  out.flush();
  return static_cast<int64_t>(out.tellp());
}

// The summary's "KEY   VALUE" lines (status, rows read, created, ...).
inline std::map<std::string, std::string> SummaryOf(const std::string& out) {
  std::map<std::string, std::string> fields;
  static const std::regex kLine(
      R"(^(status|rows read|created|updated|skipped|failed|seconds|rows/s|error) +(.*)$)");
  std::smatch m;
  size_t start = 0;
  while (start < out.size()) {
    size_t end = out.find('\n', start);
    if (end == std::string::npos) end = out.size();
    std::string line = out.substr(start, end - start);
    if (std::regex_match(line, m, kLine)) fields[m[1].str()] = m[2].str();
    start = end + 1;
  }
  return fields;
}

// One integer from the store (0 when the query fails, which fails the test).
inline int64_t QueryCount(db::Database& database, const std::string& sql,
                          const db::Params& params = {}) {
  auto conn = database.Acquire();
  EXPECT_TRUE(conn.ok());
  if (!conn.ok()) return 0;
  auto n = (*conn)->QueryInt(sql, params);
  EXPECT_TRUE(n.ok()) << sql << ": " << n.error().details();
  return n.ok() && *n ? **n : 0;
}

// The id of organization `name`, 0 when there is none.
inline int64_t OrgId(db::Database& database, const std::string& name) {
  return QueryCount(database, "SELECT COALESCE(MAX(id), 0) FROM organizations WHERE name = ?",
                    {name});
}

}  // namespace sb::testing
