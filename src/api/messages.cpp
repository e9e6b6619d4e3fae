// /api/v1/contacts/{uuid}/messages: SMS and WhatsApp messages of a contact.
#include "api/body_reader.hpp"
#include "api/json_writer.hpp"
#include "api/pool_json.hpp"
#include "api/query_reader.hpp"
#include "api/routes.hpp"
#include "api/unit_of_work.hpp"
#include "store/repositories/message_repository.hpp"

namespace sb::api {
namespace {

constexpr int64_t kMessagesPerPage = 15;

void WriteMessage(JsonWriter& w, const domain::Message& m) {
  w.StartObject();
  w.Field("uuid", m.uuid);
  w.Field("contact_uuid", m.contact_uuid);
  w.Field("channel", m.channel);
  w.Field("direction", m.direction);
  w.Field("body", m.body);
  w.Field("status", m.status);
  w.TimeField("sent_at", m.sent_at);
  w.TimeField("created_at", m.created_at);
  w.EndObject();
}

Result<domain::NewMessage> ReadNewMessage(const ApiRequest& req, const Clock& clock) {
  SB_ASSIGN_OR_RETURN(auto doc, ParseJsonObject(req.body));
  BodyReader body(doc);
  auto channel = body.Enum("channel", domain::MessageChannels(), /*required=*/true);
  auto direction = body.Enum("direction", domain::MessageDirections());
  auto text = body.String("body", /*required=*/false, 0, domain::kMessageBodyMax);
  auto status = body.Enum("status", domain::MessageStatuses(), /*required=*/true);
  auto sent_at = body.NullableTime("sent_at");
  SB_RETURN_IF_ERROR(body.Finish());
  domain::NewMessage m;
  m.channel = *channel;
  m.direction = direction.value_or("outbound");
  m.body = text.value_or("");
  m.status = *status;
  // Absent or null: sent now.
  m.sent_at = sent_at && *sent_at ? **sent_at : clock.NowSeconds();
  return m;
}

Result<ApiResponse> ListMessages(const ApiRequest& req, HandlerContext& s) {
  QueryReader q(req);
  domain::PageRequest page = q.Page(kMessagesPerPage);
  SB_RETURN_IF_ERROR(q.Finish());
  const int64_t org = req.auth.organization_id;
  const std::string& contact = req.Param("uuid");
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::MessageRepository messages(*conn, s.clock, s.ids);
  // Listing first: it answers 404 for an unknown contact, which a cached
  // total would not.
  SB_ASSIGN_OR_RETURN(auto list, messages.List(org, contact, page));
  SB_ASSIGN_OR_RETURN(int64_t total, CachedTotal(req, s, "messages|" + contact,
                                                 [&] { return messages.Count(org, contact); }));
  auto info = domain::DescribePage(page, total, static_cast<int64_t>(list.size()));
  return Envelope("Messages retrieved successfully", [&](JsonWriter& w) {
    WriteShortPage(w, info, [&](JsonWriter& rw) {
      for (const auto& m : list) WriteMessage(rw, m);
    });
  });
}

Result<ApiResponse> CreateMessage(const ApiRequest& req, HandlerContext& s) {
  SB_ASSIGN_OR_RETURN(auto fields, ReadNewMessage(req, s.clock));
  SB_ASSIGN_OR_RETURN(auto conn, s.db.Acquire());
  store::MessageRepository messages(*conn, s.clock, s.ids);
  SB_ASSIGN_OR_RETURN(auto message, InUnitOfWork(req, s, *conn, [&] {
                        return messages.Create(req.auth.organization_id, req.Param("uuid"), fields);
                      }));
  return Envelope(
      "Message created successfully", [&](JsonWriter& w) { WriteMessage(w, message); }, 201);
}

}  // namespace

void RegisterMessageRoutes(Router& router) {
  router.Add("GET", "/api/v1/contacts/{uuid}/messages", ListMessages);
  router.Add("POST", "/api/v1/contacts/{uuid}/messages", CreateMessage);
}

}  // namespace sb::api
