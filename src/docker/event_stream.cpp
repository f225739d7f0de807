#include "docker/event_stream.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <optional>
#include <thread>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "docker/errors.hpp"
#include "docker/event_messages.hpp"
#include "docker/json_models.hpp"
#include "docker/query.hpp"
#include "docker/stream_connection.hpp"

namespace chora::docker {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;

using Clock = std::chrono::steady_clock;
using OnEvent = std::function<void(const EngineEvent&)>;
using OnLost = std::function<void(const std::string&)>;

// A stream that stayed open this long worked; its break starts a fresh count of attempts.
constexpr std::chrono::seconds kSteadyStream{2};

// The state of one subscription. Everything but stop() runs on the subscription's thread,
// inside io_.run(), so only stopped_ is shared.
class EventFollower {
 public:
  EventFollower(Endpoint endpoint, std::string api_prefix, EventFilter filter,
                std::int64_t since_nano, OnEvent on_event, OnLost on_lost,
                EventStreamOptions options)
      : endpoint_(std::move(endpoint)),
        api_prefix_(std::move(api_prefix)),
        filter_(std::move(filter)),
        on_event_(std::move(on_event)),
        on_lost_(std::move(on_lost)),
        options_(options),
        retry_timer_(io_),
        since_nano_(since_nano) {}

  // The subscription's thread: follows the stream until stopped or lost. Never throws.
  void run() noexcept;

  // From any thread: ends run() as soon as the callback running now, if any, returns.
  void stop() {
    stopped_ = true;
    io_.stop();
  }

 private:
  void open();
  void opened(beast::error_code error);
  void read_refusal();
  void read_events();
  void take_piece(beast::error_code error, std::string_view bytes);
  void take_line(const std::string& line);
  void deliver(const EngineEvent& event);
  void broken(const std::string& cause);
  void lose(const std::string& reason);
  std::string retries_phrase(const std::string& last_cause) const;
  std::string target() const;

  // Declared first so that it is destroyed last, after the socket and timer that use it.
  net::io_context io_;
  Endpoint endpoint_;
  std::string api_prefix_;
  EventFilter filter_;
  OnEvent on_event_;
  OnLost on_lost_;
  EventStreamOptions options_;
  std::atomic<bool> stopped_{false};

  std::optional<StreamConnection> connection_;  // one per attempt
  net::steady_timer retry_timer_;
  std::string refusal_;  // body of an error answer
  LineSplitter lines_;
  EventDeduplicator seen_;
  std::int64_t since_nano_;  // where a reopened stream starts: the newest event seen
  bool lost_ = false;

  // The current run of failures.
  int failures_ = 0;
  std::string first_cause_;
  bool stream_open_ = false;
  bool delivered_ = false;  // by the current stream
  Clock::time_point opened_at_;
};

void EventFollower::run() noexcept {
  try {
    net::post(io_, [this] { open(); });
    io_.run();
  } catch (const std::exception& error) {
    lose(std::string("the event stream failed: ") + error.what());
  } catch (...) {
    lose("the event stream failed");
  }
}

std::string EventFollower::target() const {
  return api_prefix_ + "/events?since=" + unix_seconds(since_nano_) +
         "&filters=" + percent_encode(event_filters_json(filter_));
}

void EventFollower::open() {
  stream_open_ = false;
  connection_.emplace(io_, endpoint_);
  connection_->expires_at(Clock::now() + options_.open_timeout);
  connection_->async_open({"GET", target(), "", ""},
                          [this](beast::error_code error) { opened(error); });
}

void EventFollower::opened(beast::error_code error) {
  if (error) {
    broken(connection_->failure(error).what());
    return;
  }
  if (connection_->status() != 200) {
    refusal_.clear();
    read_refusal();
    return;
  }

  // No limit from here on: the stream has no heartbeat and may be silent for hours.
  connection_->expires_never();
  stream_open_ = true;
  delivered_ = false;
  opened_at_ = Clock::now();
  lines_ = LineSplitter();  // a line cut off by the last break is lost with it
  read_events();
}

// An error answer (a bad `since` is a 500) is short; read it whole for its message.
void EventFollower::read_refusal() {
  connection_->async_read_body([this](beast::error_code error, std::string_view bytes) {
    refusal_.append(bytes);
    if (!error && !connection_->body_done()) {
      read_refusal();
      return;
    }
    const EngineError refused("GET " + target(), connection_->status(),
                              daemon_message_from_body(refusal_));
    broken(refused.what());
  });
}

void EventFollower::read_events() {
  connection_->async_read_body(
      [this](beast::error_code error, std::string_view bytes) { take_piece(error, bytes); });
}

void EventFollower::take_piece(beast::error_code error, std::string_view bytes) {
  for (const std::string& line : lines_.feed(bytes)) {
    take_line(line);
  }
  if (lost_ || stopped_) {
    return;
  }

  if (error) {
    broken(connection_->failure(error).what());
  } else if (connection_->body_done()) {
    broken("the engine ended the event stream");
  } else {
    read_events();
  }
}

void EventFollower::take_line(const std::string& line) {
  const std::optional<EngineEvent> event = engine_event_from_json(line);
  if (!event || !event_matches(filter_, *event) || !seen_.first_sighting(*event)) {
    return;
  }
  since_nano_ = std::max(since_nano_, event->time_nano);
  delivered_ = true;
  deliver(*event);
}

void EventFollower::deliver(const EngineEvent& event) {
  if (lost_ || stopped_) {
    return;
  }
  try {
    on_event_(event);
  } catch (const std::exception& error) {
    lose(std::string("the event handler failed: ") + error.what());
  } catch (...) {
    lose("the event handler failed");
  }
}

void EventFollower::broken(const std::string& cause) {
  connection_.reset();
  const bool worked = stream_open_ && (delivered_ || Clock::now() - opened_at_ >= kSteadyStream);
  if (worked) {
    failures_ = 0;
  }
  if (failures_ == 0) {
    first_cause_ = cause;
  }

  ++failures_;
  if (failures_ > options_.reopen_attempts) {
    lose(failures_ == 1 ? first_cause_ : first_cause_ + "; " + retries_phrase(cause));
    return;
  }

  // Reopened from the newest event seen: the replay covers the gap, repeats are dropped.
  retry_timer_.expires_after(options_.first_backoff * (1 << (failures_ - 1)));
  retry_timer_.async_wait([this](beast::error_code error) {
    if (!error) {
      open();
    }
  });
}

// "3 more attempts failed, the last: connecting to ...: Connection refused".
std::string EventFollower::retries_phrase(const std::string& last_cause) const {
  const int retries = failures_ - 1;
  return std::to_string(retries) + (retries == 1 ? " more attempt" : " more attempts") +
         " failed, the last: " + last_cause;
}

void EventFollower::lose(const std::string& reason) {
  if (lost_) {
    return;
  }
  lost_ = true;
  connection_.reset();
  if (stopped_) {
    return;
  }
  try {
    on_lost_("lost the engine's event stream at " + endpoint_.to_string() + ": " + reason);
  } catch (...) {
    // Nowhere left to report it: the subscription is over either way.
  }
}

// The handle the caller holds. The follower is shared with the thread, so that a handle
// destroyed from inside a callback can let the thread finish with the follower alive.
class EventStream final : public EventSubscription {
 public:
  explicit EventStream(std::shared_ptr<EventFollower> follower)
      : follower_(follower), thread_([follower] { follower->run(); }) {}

  EventStream(const EventStream&) = delete;
  EventStream& operator=(const EventStream&) = delete;

  ~EventStream() override {
    follower_->stop();
    // A thread cannot join itself; it ends by itself once the callback returns, and
    // stopped_ keeps it from calling anything more.
    if (thread_.get_id() == std::this_thread::get_id()) {
      thread_.detach();
    } else {
      thread_.join();
    }
  }

 private:
  std::shared_ptr<EventFollower> follower_;
  std::thread thread_;
};

}  // namespace

std::unique_ptr<EventSubscription> follow_events(Endpoint endpoint, std::string api_prefix,
                                                 EventFilter filter, std::int64_t since_nano,
                                                 OnEvent on_event, OnLost on_lost,
                                                 EventStreamOptions options) {
  auto follower =
      std::make_shared<EventFollower>(std::move(endpoint), std::move(api_prefix), std::move(filter),
                                      since_nano, std::move(on_event), std::move(on_lost), options);
  return std::make_unique<EventStream>(std::move(follower));
}

}  // namespace chora::docker
