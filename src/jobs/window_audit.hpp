// An independent check of when an attempt started, for the simulation's
// report: the contact's local wall-clock time in each of its zones, computed
// here from the tz database rather than by domain/calling_window.cpp, so that a
// fault in the dialer's window code shows up as attempts outside the window.
//
// Thread-safety: const methods, safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/calling_window.hpp"

namespace sb::jobs {

struct WindowCheck {
  bool inside_legal = false;  // inside the legal window in every zone
  bool inside_rule = false;   // inside the rule's window and days in every zone
  int local_hour = 0;         // in the contact's primary zone
  std::string local_date;     // YYYY-MM-DD in the contact's primary zone
};

class WindowAudit {
 public:
  explicit WindowAudit(const domain::CallingPolicy& policy) : policy_(policy) {}

  // `timezone` and `decided_by` as a claim reports them ("timezone" or
  // "region:XX"); `unix_seconds` when the attempt started.
  WindowCheck Check(std::string_view timezone, std::string_view decided_by,
                    int64_t unix_seconds) const;

 private:
  domain::CallingPolicy policy_;
};

}  // namespace sb::jobs
