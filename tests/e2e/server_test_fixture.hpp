// The fixture most end-to-end suites share: a TestServer on the test's engine
// (support/engine_test.hpp: every test runs on SQLite and on PostgreSQL) and a
// token of the first user (an owner) of organization Acme. A suite adds its
// helpers in a class of its own; a SetUp of its own calls this one's first.
#pragma once

#include <string>

#include "e2e/test_server.hpp"
#include "support/engine_test.hpp"

namespace sb::testing {

class ServerTest : public EngineTest {
 protected:
  void SetUp() override { token_ = server_.CreateToken("Acme"); }

  TestServer server_;
  std::string token_;
};

}  // namespace sb::testing
