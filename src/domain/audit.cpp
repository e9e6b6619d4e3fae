#include "domain/audit.hpp"

#include <algorithm>
#include <array>

namespace sb::domain {
namespace {

constexpr std::array<std::string_view, 9> kAuditActions = {
    kAuditUserCreated,    kAuditUserRoleChanged, kAuditUserUpdated,
    kAuditUserDeleted,    kAuditTokenCreated,    kAuditTokenRevoked,
    kAuditWebhookCreated, kAuditWebhookUpdated,  kAuditWebhookDeleted};

}  // namespace

EnumValues AuditActions() { return kAuditActions; }

bool IsAuditAction(std::string_view action) {
  return std::find(kAuditActions.begin(), kAuditActions.end(), action) != kAuditActions.end();
}

}  // namespace sb::domain
