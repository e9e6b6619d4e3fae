// /api/v1/contacts (seed 001) and a contact's tags.
#include <optional>
#include <string>
#include <variant>

#include "api/contact_io.hpp"
#include "api/routes.hpp"
#include "domain/contact_entity.hpp"
#include "services/contact_service.hpp"
#include "store/repositories/contact_repository.hpp"

namespace sb::api {
namespace {

Result<ApiResponse> ListContacts(const ApiRequest& req, HandlerContext& s) {
  QueryReader q(req);
  domain::PageRequest page = q.Page(/*default_per_page=*/15);
  domain::ContactFilter filter = ReadContactFilter(q);
  SB_RETURN_IF_ERROR(q.Finish());

  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::ContactRepository contacts(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(
      auto result,
      contacts.List(req.auth.organization_id, req.auth.write_generation, filter, page, s.counts));
  auto info =
      domain::DescribePage(page, result.total, static_cast<int64_t>(result.contacts.size()));
  return Envelope("Contacts retrieved successfully", [&](JsonWriter& w) {
    WriteLaravelPage(w, req, info, [&](JsonWriter& rows) {
      for (const auto& c : result.contacts) WriteContact(rows, c);
    });
  });
}

Result<ApiResponse> GetContact(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::ContactRepository contacts(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto c, contacts.Get(req.auth.organization_id, req.Param("uuid")));
  return Envelope("Contact retrieved successfully", [&](JsonWriter& w) { WriteContact(w, c); });
}

Result<domain::ContactFields> ReadFields(const ApiRequest& req) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  domain::ContactFields fields = ReadContactFields(body);
  SB_RETURN_IF_ERROR(body.Finish());
  return fields;
}

Result<ApiResponse> CreateContact(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto fields, ReadFields(req));
  domain::Contact contact;
  // The token's user owns what they create unless the body says otherwise
  // (owner_uuid: null creates an unowned contact).
  contact.owner_uuid = req.auth.user_uuid;
  SB_RETURN_IF_ERROR(domain::ApplyContactFields(fields, contact));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  services::ContactService contacts(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto created,
                      contacts.Create(req.auth.organization_id, req.auth.user_id, contact,
                                      fields.tag_uuids.value_or(std::vector<std::string>{})));
  return Envelope(
      "Contact created successfully", [&](JsonWriter& w) { WriteContact(w, created); }, 201);
}

// PATCH changes the fields given; PUT replaces every writable field (absent ones
// are cleared or reset to their defaults: no owner, no assignees, every text
// field null). Tags change only when tag_uuids is given; created_by
// never changes.
Result<ApiResponse> UpdateContact(const ApiRequest& req, HandlerContext& s, bool replace) {
  SB_ASSIGN_OR_RETURN(auto fields, ReadFields(req));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::ContactRepository contacts(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(domain::Contact existing,
                      contacts.Get(req.auth.organization_id, req.Param("uuid")));
  domain::Contact updated = existing;
  if (replace) {
    updated = domain::Contact{};
    updated.id = existing.id;
    updated.uuid = existing.uuid;
    updated.created_at = existing.created_at;
    // An opt-out is never lifted by omission: only an explicit false clears it.
    updated.do_not_call = existing.do_not_call;
    // Every absent text field becomes "null" so the replacement is complete;
    // the contact's declaration lists them, so a new field needs nothing here.
    using Text = Maybe<std::string> domain::ContactFields::*;
    for (const auto& f : domain::kContactEntity) {
      const Text* member = std::get_if<Text>(&f.input_member);
      if (member != nullptr && !(fields.**member)) fields.** member = std::optional<std::string>();
    }
    if (!fields.assignee_uuids) fields.assignee_uuids.emplace();
  }
  SB_RETURN_IF_ERROR(domain::ApplyContactFields(fields, updated));
  SB_ASSIGN_OR_RETURN(auto saved, services::ContactService(*conn, s.clock, s.ids)
                                      .Update(req.auth.organization_id, updated, fields.tag_uuids));
  return Envelope("Contact updated successfully", [&](JsonWriter& w) { WriteContact(w, saved); });
}

Result<ApiResponse> DeleteContact(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  services::ContactService contacts(*conn, s.clock, s.ids);
  SB_RETURN_IF_ERROR(contacts.Delete(req.auth.organization_id, req.Param("uuid")));
  return EmptyEnvelope("Contact deleted successfully");
}

Result<ApiResponse> AddContactTags(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  auto tag_uuids = body.UuidArray("tag_uuids", /*required=*/true, 1, 100);
  SB_RETURN_IF_ERROR(body.Finish());
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  services::ContactService contacts(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto c,
                      contacts.AddTags(req.auth.organization_id, req.Param("uuid"), *tag_uuids));
  return Envelope("Tags added successfully", [&](JsonWriter& w) { WriteContact(w, c); });
}

Result<ApiResponse> RemoveContactTag(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  services::ContactService contacts(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto c, contacts.RemoveTag(req.auth.organization_id, req.Param("uuid"),
                                                 req.Param("tag_uuid")));
  return Envelope("Tag removed successfully", [&](JsonWriter& w) { WriteContact(w, c); });
}

}  // namespace

void RegisterContactRoutes(Router& router) {
  router.Add("GET", "/api/v1/contacts", ListContacts);
  router.Add("POST", "/api/v1/contacts", CreateContact);
  router.Add("GET", "/api/v1/contacts/{uuid}", GetContact);
  router.Add("PUT", "/api/v1/contacts/{uuid}",
             [](const ApiRequest& r, HandlerContext& s) { return UpdateContact(r, s, true); });
  router.Add("PATCH", "/api/v1/contacts/{uuid}",
             [](const ApiRequest& r, HandlerContext& s) { return UpdateContact(r, s, false); });
  router.Add("DELETE", "/api/v1/contacts/{uuid}", DeleteContact);
  router.Add("POST", "/api/v1/contacts/{uuid}/tags", AddContactTags);
  router.Add("DELETE", "/api/v1/contacts/{uuid}/tags/{tag_uuid}", RemoveContactTag);
}

}  // namespace sb::api
