#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <algorithm>
#include <asio.hpp>
#include <chrono>
#include <filesystem>
#include <optional>
#include <thread>
#include <vector>

#include "core/bounded_executor.hpp"
#include "core/contain.hpp"
#include "http/concurrency_limiter.hpp"
#include "http/connection.hpp"

namespace sb::http {
namespace {

constexpr int64_t kStaleUploadSeconds = int64_t{24} * 3600;
constexpr size_t kDefaultWorkers = 16;

int DefaultMaxConnections() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 10000;
  return static_cast<int>(std::clamp<rlim_t>(limit.rlim_cur, 192, 100128) - 128);
}

// One I/O thread. Connections contain their own callbacks; anything else
// that throws out of a handler (Asio lets it out of run()) must not end the
// thread, or with it the process: run() is entered again, and returns for
// good once the server stops it.
void RunIoThread(asio::io_context& io) {
  while (!Contain(ContainSite::kIoThread, "an HTTP I/O thread", [&] { io.run(); })) {
  }
}

}  // namespace

struct Server::Impl {
  Impl(const Dispatcher& d, ServerOptions o)
      : options(std::move(o)), shared{d, options.upload_dir} {}

  void Accept() {
    acceptor->async_accept(
        asio::make_strand(io), [this](const asio::error_code& ec, asio::ip::tcp::socket socket) {
          if (!acceptor->is_open()) return;  // stopped
          if (!ec) {
            // A connection that fails to start is dropped; the listener goes on.
            Contain(ContainSite::kConnection, "accepting a connection",
                    [&] { std::make_shared<Connection>(std::move(socket), shared)->Start(); });
          } else if (ec != asio::error::operation_aborted) {
            // Out of descriptors, say: keep accepting, after a breath.
            spdlog::warn("accept failed: {}", ec.message());
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
          }
          Accept();
        });
  }

  ServerOptions options;
  ConnectionShared shared;
  // Made at Start; they stop before the I/O threads, whose strands their
  // tasks post answers to.
  std::optional<BoundedExecutor> workers;
  std::optional<BoundedExecutor> stream_workers;
  std::optional<ConcurrencyLimiter> stream_slots;
  uint16_t bound_port = 0;
  bool running = false;
  std::vector<std::thread> threads;
  // Declared last: destroyed first, with the connections its handlers hold,
  // while `shared` is still there.
  asio::io_context io;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::optional<asio::ip::tcp::acceptor> acceptor;
};

Server::Server(const Dispatcher& dispatcher, ServerOptions options)
    : impl_(std::make_unique<Impl>(dispatcher, std::move(options))) {}

Server::~Server() { Stop(); }

Status Server::Start() {
  Impl& impl = *impl_;
  if (!impl.options.upload_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(impl.options.upload_dir, ec);
    if (ec) {
      return Error::Internal("cannot create the upload directory " + impl.options.upload_dir +
                             ": " + ec.message());
    }
    RemoveStaleUploads(impl.options.upload_dir, kStaleUploadSeconds);
  }
  const std::string where = impl.options.host + ":" + std::to_string(impl.options.port);
  try {
    asio::ip::tcp::resolver resolver(impl.io);
    auto endpoints = resolver.resolve(impl.options.host, std::to_string(impl.options.port),
                                      asio::ip::resolver_base::passive);
    if (endpoints.empty()) {
      return Error(ErrorCode::kUnavailable, "Cannot start the HTTP server", where);
    }
    asio::ip::tcp::endpoint endpoint = endpoints.begin()->endpoint();
    // On a strand of its own: Stop() closes it while an accept may complete.
    impl.acceptor.emplace(asio::make_strand(impl.io));
    impl.acceptor->open(endpoint.protocol());
    impl.acceptor->set_option(asio::ip::tcp::acceptor::reuse_address(true));
    impl.acceptor->bind(endpoint);
    impl.acceptor->listen(asio::socket_base::max_listen_connections);
    impl.bound_port = impl.acceptor->local_endpoint().port();
  } catch (const std::exception& e) {
    impl.acceptor.reset();
    return Error(ErrorCode::kUnavailable, "Cannot start the HTTP server", where + ": " + e.what());
  }
  impl.shared.max_connections =
      impl.options.max_connections > 0 ? impl.options.max_connections : DefaultMaxConnections();
  impl.shared.min_body_rate = impl.options.min_body_rate;
  impl.shared.base_url =
      BaseUrlPolicy{impl.options.public_url, DefaultBaseUrl(impl.options.host, impl.bound_port),
                    impl.options.trusted_proxies};
  impl.shared.min_body_grace = std::chrono::seconds(impl.options.min_body_grace_seconds);
  impl.workers.emplace("HTTP workers",
                       impl.options.workers > 0 ? impl.options.workers : kDefaultWorkers,
                       impl.options.worker_queue);
  const size_t max_streams = std::max<size_t>(impl.options.max_streams, 1);
  // The queue covers the moment a finished stream has given its slot back
  // and its thread is not yet free.
  impl.stream_workers.emplace("HTTP streams", max_streams, max_streams);
  impl.stream_slots.emplace(max_streams, std::max<size_t>(impl.options.max_streams_per_org, 1));
  impl.shared.workers = &*impl.workers;
  impl.shared.stream_workers = &*impl.stream_workers;
  impl.shared.stream_slots = &*impl.stream_slots;
  size_t threads = impl.options.threads;
  if (threads == 0) threads = std::max<size_t>(2, std::thread::hardware_concurrency());
  impl.work.emplace(impl.io.get_executor());
  impl.Accept();
  for (size_t i = 0; i < threads; ++i) impl.threads.emplace_back([&impl] { RunIoThread(impl.io); });
  impl.running = true;
  return OkStatus();
}

uint16_t Server::port() const { return impl_->bound_port; }

void Server::Post(std::function<void()> work) { asio::post(impl_->io, std::move(work)); }

void Server::Stop() {
  Impl& impl = *impl_;
  if (!impl.running) return;
  impl.running = false;
  impl.shared.stopping.store(true);
  asio::post(impl.acceptor->get_executor(), [&impl] {
    asio::error_code ignored;
    impl.acceptor->close(ignored);
  });
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(impl.options.shutdown_grace_seconds);
  while (impl.shared.in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // A stream's next write fails once stopping is set, so its thread ends soon;
  // it must end before the connection it writes to goes away.
  while (impl.shared.streams.load() > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // Work still queued runs and posts its answer to the I/O threads, which
  // still run.
  impl.workers->Stop();
  impl.stream_workers->Stop();
  impl.work.reset();
  impl.io.stop();
  for (auto& t : impl.threads) t.join();
  impl.threads.clear();
}

}  // namespace sb::http
