// The contact repository tests' fixture: StoreTest's two organizations, a
// user in each (user_ of Acme, other_user_ of Globex) and a ContactRepository
// over the fixture's connection, with the count cache its lists take.
#pragma once

#include <memory>

#include "store/repositories/contact_repository.hpp"
#include "store/repositories/count_cache.hpp"
#include "store/repositories/store_test_fixture.hpp"
#include "store/repositories/token_repository.hpp"

namespace sb::store {

class ContactStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    TokenRepository tokens(*conn_, clock_, ids_);
    user_ = *tokens.EnsureUser(org_, "a@acme.test");
    other_user_ = *tokens.EnsureUser(other_org_, "g@globex.test");
    repo_ = std::make_unique<ContactRepository>(*conn_, clock_, ids_);
  }
  void TearDown() override {
    repo_.reset();
    StoreTest::TearDown();
  }

  CountCache counts_;
  std::unique_ptr<ContactRepository> repo_;
  int64_t user_ = 0;
  int64_t other_user_ = 0;
};

}  // namespace sb::store
