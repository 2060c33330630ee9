#include "redis/asio_adapter.hpp"

#include <memory>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <hiredis/async.h>

namespace cartgate::redis {

namespace asio = boost::asio;

namespace {

enum class Direction { read, write };

class Adapter : public std::enable_shared_from_this<Adapter> {
 public:
  Adapter(redisAsyncContext* ac, const asio::any_io_executor& ex)
      : ac_(ac), socket_(ex, ac->c.fd) {}

  void install() {
    self_ = shared_from_this();  // released by cleanup(), when hiredis frees the context
    ac_->ev.data = this;
    ac_->ev.addRead = [](void* p) { static_cast<Adapter*>(p)->want(Direction::read, true); };
    ac_->ev.delRead = [](void* p) { static_cast<Adapter*>(p)->want(Direction::read, false); };
    ac_->ev.addWrite = [](void* p) { static_cast<Adapter*>(p)->want(Direction::write, true); };
    ac_->ev.delWrite = [](void* p) { static_cast<Adapter*>(p)->want(Direction::write, false); };
    ac_->ev.cleanup = [](void* p) { static_cast<Adapter*>(p)->cleanup(); };
  }

 private:
  struct Interest {
    bool wanted = false;
    bool armed = false;  // an async_wait is outstanding
  };

  Interest& interest(Direction d) { return d == Direction::read ? read_ : write_; }

  void want(Direction d, bool wanted) {
    interest(d).wanted = wanted;
    if (wanted) arm(d);
  }

  // hiredis' hooks are level-triggered: while interest is wanted, every readiness calls back.
  void arm(Direction d) {
    Interest& i = interest(d);
    if (i.armed || !alive_) return;
    i.armed = true;
    const auto wait = d == Direction::read ? asio::posix::stream_descriptor::wait_read
                                           : asio::posix::stream_descriptor::wait_write;
    socket_.async_wait(wait, [self = shared_from_this(), d](boost::system::error_code ec) {
      Interest& in = self->interest(d);
      in.armed = false;
      if (ec || !self->alive_ || !in.wanted) return;
      // May free the context (running cleanup()) before it returns; `self` keeps us alive.
      if (d == Direction::read) {
        redisAsyncHandleRead(self->ac_);
      } else {
        redisAsyncHandleWrite(self->ac_);
      }
      if (self->alive_ && in.wanted) self->arm(d);
    });
  }

  void cleanup() {
    alive_ = false;
    read_.wanted = write_.wanted = false;
    // hiredis closes the fd itself; release it so Asio does not close it a second time.
    // release() also completes outstanding waits with operation_aborted.
    (void)socket_.release();
    ac_->ev.data = nullptr;
    self_.reset();  // outstanding waits still hold a reference until they complete
  }

  redisAsyncContext* ac_;
  asio::posix::stream_descriptor socket_;
  Interest read_;
  Interest write_;
  bool alive_ = true;
  std::shared_ptr<Adapter> self_;
};

}  // namespace

void attach_asio(redisAsyncContext* ac, const asio::any_io_executor& executor) {
  std::make_shared<Adapter>(ac, executor)->install();
}

}  // namespace cartgate::redis
