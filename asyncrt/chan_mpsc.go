package asyncrt

import (
	"errors"
	"sync"
)

// Errors of the channels.
var (
	// ErrChannelClosed: the other side is gone. A send fails with it once
	// the receiver is closed (the value is not delivered and is handed
	// back); a receive of a broadcast or oneshot channel once every sender
	// is closed and nothing is left to receive.
	ErrChannelClosed = errors.New("asyncrt: channel closed")
	// ErrChannelFull: TrySend found no room in a bounded channel.
	ErrChannelFull = errors.New("asyncrt: channel full")
	// ErrChannelEmpty: TryRecv found nothing to receive.
	ErrChannelEmpty = errors.New("asyncrt: channel empty")
)

// NewChannel returns the two ends of a bounded multi-producer,
// single-consumer channel holding up to capacity values
// (tokio::sync::mpsc::channel). Send suspends the sending task while the
// channel is full: that is the backpressure that keeps a fast producer
// from running ahead of its consumer. Senders waiting for room are served
// in FIFO order. It panics if capacity < 1.
//
// Closing: each Sender handle (Clone makes more) is closed with Close; when
// all are closed, the receiver gets what was sent and then the end of the
// stream. Closing the Receiver makes pending and later sends fail with
// ErrChannelClosed, while what was sent before stays receivable.
func NewChannel[T any](capacity int) (*Sender[T], *Receiver[T]) {
	if capacity < 1 {
		panic("asyncrt: NewChannel with a capacity below 1 (use NewUnboundedChannel or Oneshot)")
	}
	c := &chanCore[T]{bounded: true, senders: 1}
	c.sem.state.Store(int64(capacity) << semShift)
	return &Sender[T]{c: c}, newReceiver(c)
}

// NewUnboundedChannel returns the two ends of an unbounded multi-producer,
// single-consumer channel: Send never waits (and the buffer grows without
// limit if the consumer falls behind — prefer NewChannel where a producer
// can outrun its consumer). Closing works as for NewChannel.
func NewUnboundedChannel[T any]() (*Sender[T], *Receiver[T]) {
	c := &chanCore[T]{senders: 1}
	return &Sender[T]{c: c}, newReceiver(c)
}

func newReceiver[T any](c *chanCore[T]) *Receiver[T] {
	rx := &Receiver[T]{c: c}
	rx.next.rx = rx
	return rx
}

// chanCore is the state shared by the ends of an mpsc channel. mu guards
// everything but sem, the capacity of a bounded channel: a sender takes a
// permit before pushing, the receiver releases one per value taken, so
// senders wait for room in batchSem's FIFO queue and a cancelled sender
// hands its permit on.
type chanCore[T any] struct {
	mu       sync.Mutex
	buf      ring[T]
	rxWaker  *Waker
	rxClosed bool
	senders  int // open Sender handles
	inflight int // sends waiting for room: the receiver waits for them too
	bounded  bool
	sem      batchSem
}

// push delivers v unless the receiver is closed or (for a send that is
// only starting) the sender's handle is: a send already waiting for room
// when its handle was closed still delivers. It reports whether v was
// delivered.
func (c *chanCore[T]) push(tx *Sender[T], v T, starting bool) bool {
	c.mu.Lock()
	if c.rxClosed || (starting && tx.closed) {
		c.mu.Unlock()
		return false
	}
	c.buf.push(v)
	w := c.rxWaker
	c.rxWaker = nil
	c.mu.Unlock()
	if w != nil {
		w.Wake()
	}
	return true
}

// Sender is a sending end of an mpsc channel. Its methods may be called
// from any task or goroutine; Clone makes another handle for another
// producer.
type Sender[T any] struct {
	c      *chanCore[T]
	closed bool // guarded by c.mu
}

// Send sends v, suspending the task while a bounded channel is full. It
// returns ErrChannelClosed (v not delivered) if the receiver is closed or
// this handle is. It is an await point. If the task is cancelled while
// Send waits, v is not delivered; use SendFuture to get it back.
func (tx *Sender[T]) Send(co *Co, v T) error {
	cx := co.running()
	c := tx.c
	if cx.budget != 0 && !co.c.cancel && (!c.bounded || c.sem.tryAcquire(1, 0)) {
		if cx.budget > 0 {
			cx.budget--
		}
		if c.push(tx, v, true) {
			return nil
		}
		if c.bounded {
			c.sem.release(1, semMaxPermits, "")
		}
		return ErrChannelClosed
	}
	return Await(co, tx.SendFuture(v))
}

// SendFuture returns a future of sending v: ready with nil once v is in
// the channel, or with ErrChannelClosed. A value handed to it is never
// lost: if the send fails, or the future is dropped before it is ready
// (Drop, Timeout, a lost select, an aborted task), v was not delivered and
// Unsent returns it. So the send is cancel-safe.
func (tx *Sender[T]) SendFuture(v T) *SendFuture[T] {
	f := &SendFuture[T]{tx: tx, v: v}
	if tx.c.bounded {
		f.a = acquire{s: &tx.c.sem, n: 1}
	}
	return f
}

// TrySend sends v if there is room now. It returns ErrChannelFull or
// ErrChannelClosed (v not delivered) otherwise.
func (tx *Sender[T]) TrySend(v T) error {
	c := tx.c
	if c.bounded && !c.sem.tryAcquire(1, 0) {
		if c.sem.closed() {
			return ErrChannelClosed
		}
		return ErrChannelFull
	}
	if c.push(tx, v, true) {
		return nil
	}
	if c.bounded {
		c.sem.release(1, semMaxPermits, "")
	}
	return ErrChannelClosed
}

// Clone returns a new sending handle on the same channel, to be closed on
// its own. It panics if tx is closed.
func (tx *Sender[T]) Clone() *Sender[T] {
	c := tx.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if tx.closed {
		panic("asyncrt: Clone of a closed Sender")
	}
	c.senders++
	return &Sender[T]{c: c}
}

// Close closes this handle (Go's stand-in for dropping a Tokio Sender).
// When every handle is closed and no send is pending, the receiver gets
// the end of the stream after the values already sent. Closing twice does
// nothing.
func (tx *Sender[T]) Close() {
	c := tx.c
	c.mu.Lock()
	if tx.closed {
		c.mu.Unlock()
		return
	}
	tx.closed = true
	c.senders--
	w := c.wakeIfDoneLocked()
	c.mu.Unlock()
	if w != nil {
		w.Wake()
	}
}

// wakeIfDoneLocked returns the receiver's waker if the channel just ran
// out of senders.
func (c *chanCore[T]) wakeIfDoneLocked() *Waker {
	if c.senders > 0 || c.inflight > 0 {
		return nil
	}
	w := c.rxWaker
	c.rxWaker = nil
	return w
}

// IsClosed reports whether the receiver is closed: sends fail.
func (tx *Sender[T]) IsClosed() bool {
	tx.c.mu.Lock()
	defer tx.c.mu.Unlock()
	return tx.c.rxClosed
}

// SendFuture is the future of Sender.SendFuture.
type SendFuture[T any] struct {
	tx     *Sender[T]
	v      T
	a      acquire // a bounded channel's permit
	state  uint8
	unsent bool // v was not delivered and is handed back
}

const (
	sendIdle uint8 = iota
	sendWaiting
	sendDone
)

func (f *SendFuture[T]) Poll(cx *Context) Poll[error] {
	c := f.tx.c
	switch f.state {
	case sendDone:
		panic("asyncrt: SendFuture polled after it completed")
	case sendIdle:
		if !c.bounded {
			return f.finish(c.push(f.tx, f.v, true))
		}
		switch f.a.poll(cx) {
		case acqClosed:
			return f.finish(false)
		case acqGot:
			return f.pushHeld(true)
		}
		// Waiting for room: the receiver must not see the end of the
		// stream while this send is pending.
		c.mu.Lock()
		if f.tx.closed {
			c.mu.Unlock()
			f.a.drop()
			return f.finish(false)
		}
		c.inflight++
		c.mu.Unlock()
		f.state = sendWaiting
		return Pending[error]()
	}
	switch f.a.poll(cx) {
	case acqPending:
		return Pending[error]()
	case acqClosed:
		f.leave()
		return f.finish(false)
	}
	p := f.pushHeld(false) // before leave: the receiver must not see the end first
	f.leave()
	return p
}

// pushHeld pushes v with a permit held.
func (f *SendFuture[T]) pushHeld(starting bool) Poll[error] {
	c := f.tx.c
	if c.push(f.tx, f.v, starting) {
		return f.finish(true)
	}
	c.sem.release(1, semMaxPermits, "")
	return f.finish(false)
}

// leave ends a wait counted in inflight.
func (f *SendFuture[T]) leave() {
	c := f.tx.c
	c.mu.Lock()
	c.inflight--
	w := c.wakeIfDoneLocked()
	c.mu.Unlock()
	if w != nil {
		w.Wake()
	}
}

func (f *SendFuture[T]) finish(sent bool) Poll[error] {
	f.state = sendDone
	if sent {
		var zero T
		f.v = zero
		return Ready[error](nil)
	}
	f.unsent = true
	return Ready(ErrChannelClosed)
}

// Drop cancels a pending send: the value is not delivered (Unsent returns
// it). Dropping a completed send does nothing.
func (f *SendFuture[T]) Drop() {
	switch f.state {
	case sendDone:
		return
	case sendWaiting:
		f.a.drop() // a permit granted meanwhile goes to the next sender
		f.leave()
	}
	f.state = sendDone
	f.unsent = true
}

// Unsent returns the value and true if the send failed or was dropped
// before delivering it: the value handed back. It returns false while the
// send is pending and after it delivered the value.
func (f *SendFuture[T]) Unsent() (T, bool) {
	if f.unsent {
		return f.v, true
	}
	var zero T
	return zero, false
}

// Receiver is the receiving end of an mpsc channel, owned by one consumer
// task at a time. It is a Stream of the values sent (PollNext), so stream
// adapters apply to it.
type Receiver[T any] struct {
	c    *chanCore[T]
	next recvFuture[T]
}

// Recv receives the next value, suspending the task while the channel is
// empty. It returns false when every sender is closed (or the receiver is)
// and every value sent before has been received. It is an await point and
// cancel-safe: a Recv cancelled while waiting has taken nothing.
func (rx *Receiver[T]) Recv(co *Co) (T, bool) {
	n := Await[Next[T]](co, &rx.next)
	return n.Value, n.OK
}

// RecvFuture returns a future of the next value (an Item) or of the end of
// the channel (Done). It is cancel-safe: a value is taken from the channel
// only by the poll that returns it. The receiver has one such future:
// await one receive at a time.
func (rx *Receiver[T]) RecvFuture() Future[Next[T]] { return &rx.next }

// PollNext makes the receiver a Stream of the values sent. Like Tokio's
// receivers it takes one unit of the task's cooperative budget per value.
func (rx *Receiver[T]) PollNext(cx *Context) Poll[Next[T]] {
	if !cx.consumeBudget() {
		return Pending[Next[T]]()
	}
	return rx.poll(cx)
}

type recvFuture[T any] struct{ rx *Receiver[T] }

func (f *recvFuture[T]) Poll(cx *Context) Poll[Next[T]] { return f.rx.poll(cx) }

func (rx *Receiver[T]) poll(cx *Context) Poll[Next[T]] {
	c := rx.c
	c.mu.Lock()
	if c.buf.n > 0 {
		v := c.buf.pop()
		c.mu.Unlock()
		if c.bounded {
			c.sem.release(1, semMaxPermits, "")
		}
		return Ready(Item(v))
	}
	if c.rxClosed || (c.senders == 0 && c.inflight == 0) {
		c.mu.Unlock()
		return Ready(Done[T]())
	}
	if w := cx.Waker(); c.rxWaker == nil || !c.rxWaker.WillWake(w) {
		c.rxWaker = w
	}
	c.mu.Unlock()
	return Pending[Next[T]]()
}

// TryRecv receives a value if one is ready. It returns ErrChannelEmpty if
// none is, and ErrChannelClosed at the end of the channel.
func (rx *Receiver[T]) TryRecv() (T, error) {
	c := rx.c
	c.mu.Lock()
	if c.buf.n > 0 {
		v := c.buf.pop()
		c.mu.Unlock()
		if c.bounded {
			c.sem.release(1, semMaxPermits, "")
		}
		return v, nil
	}
	done := c.rxClosed || (c.senders == 0 && c.inflight == 0)
	c.mu.Unlock()
	var zero T
	if done {
		return zero, ErrChannelClosed
	}
	return zero, ErrChannelEmpty
}

// Close closes the receiving end (Go's stand-in for dropping a Tokio
// Receiver): pending and later sends fail with ErrChannelClosed and hand
// their value back; the values already in the channel can still be
// received, then Recv reports the end.
func (rx *Receiver[T]) Close() {
	c := rx.c
	c.mu.Lock()
	c.rxClosed = true
	c.mu.Unlock()
	if c.bounded {
		c.sem.close()
	}
}

// Len returns the number of values waiting in the channel.
func (rx *Receiver[T]) Len() int {
	rx.c.mu.Lock()
	defer rx.c.mu.Unlock()
	return rx.c.buf.n
}

// ring is a growable FIFO buffer (power-of-two sized).
type ring[T any] struct {
	buf     []T
	head, n int
}

func (r *ring[T]) push(v T) {
	if r.n == len(r.buf) {
		r.grow()
	}
	r.buf[(r.head+r.n)&(len(r.buf)-1)] = v
	r.n++
}

func (r *ring[T]) pop() T {
	var zero T
	v := r.buf[r.head]
	r.buf[r.head] = zero // release what the slot references
	r.head = (r.head + 1) & (len(r.buf) - 1)
	r.n--
	return v
}

func (r *ring[T]) grow() {
	size := max(16, 2*len(r.buf))
	nb := make([]T, size)
	for i := 0; i < r.n; i++ {
		nb[i] = r.buf[(r.head+i)&(len(r.buf)-1)]
	}
	r.buf, r.head = nb, 0
}
