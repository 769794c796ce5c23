package asyncrt

import (
	"fmt"
	"sync"
)

// LaggedError is what a broadcast receiver gets when it fell so far behind
// that the channel overwrote N values it had not received yet. The
// receiver continues from the oldest value still held: the loss is
// reported, never silent.
type LaggedError struct{ N uint64 }

func (e *LaggedError) Error() string {
	return fmt.Sprintf("asyncrt: broadcast receiver lagged behind by %d values", e.N)
}

// NewBroadcast returns a sender and a first receiver of a broadcast channel
// (tokio::sync::broadcast): every value sent is received by every receiver
// subscribed when it was sent. The channel holds the last capacity values;
// Send never waits: a receiver that falls further behind gets a
// *LaggedError saying how many values it missed, then continues with the
// oldest value held. It panics if capacity < 1.
//
// Closing: when every sender handle is closed (Clone makes more), receivers
// get what is left, then ErrChannelClosed. When every receiver is closed,
// Send fails with ErrChannelClosed.
func NewBroadcast[T any](capacity int) (*BroadcastSender[T], *BroadcastReceiver[T]) {
	if capacity < 1 {
		panic("asyncrt: NewBroadcast with a capacity below 1")
	}
	c := &broadcastCore[T]{slots: make([]bslot[T], capacity), senders: 1}
	tx := &BroadcastSender[T]{c: c}
	return tx, tx.Subscribe()
}

type bslot[T any] struct {
	seq uint64
	v   T
}

type broadcastCore[T any] struct {
	mu        sync.Mutex
	slots     []bslot[T]
	tail      uint64 // sequence number of the next value sent
	senders   int
	receivers int
	waiters   waitList // receivers waiting for the next value
}

// BroadcastSender sends to every receiver of a broadcast channel.
type BroadcastSender[T any] struct {
	c      *broadcastCore[T]
	closed bool // guarded by c.mu
}

// Send sends v to every current receiver and returns how many there are.
// It fails with ErrChannelClosed (v not stored) when there is none, or
// when this handle is closed. It never waits.
func (tx *BroadcastSender[T]) Send(v T) (int, error) {
	c := tx.c
	var wl wakeList
	c.mu.Lock()
	if c.receivers == 0 || tx.closed {
		c.mu.Unlock()
		return 0, ErrChannelClosed
	}
	s := &c.slots[c.tail%uint64(len(c.slots))]
	s.seq, s.v = c.tail, v
	c.tail++
	n := c.receivers
	c.waiters.fireAll(firedGranted, &wl)
	c.mu.Unlock()
	wl.wake()
	return n, nil
}

// Subscribe returns a new receiver that gets the values sent from now on.
func (tx *BroadcastSender[T]) Subscribe() *BroadcastReceiver[T] {
	c := tx.c
	c.mu.Lock()
	defer c.mu.Unlock()
	c.receivers++
	rx := &BroadcastReceiver[T]{c: c, next: c.tail}
	rx.fut.rx = rx
	return rx
}

// Clone returns another sending handle, to be closed on its own.
func (tx *BroadcastSender[T]) Clone() *BroadcastSender[T] {
	c := tx.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if tx.closed {
		panic("asyncrt: Clone of a closed BroadcastSender")
	}
	c.senders++
	return &BroadcastSender[T]{c: c}
}

// Close closes this handle. When all are closed, receivers get what is
// left and then ErrChannelClosed.
func (tx *BroadcastSender[T]) Close() {
	c := tx.c
	var wl wakeList
	c.mu.Lock()
	if !tx.closed {
		tx.closed = true
		c.senders--
		if c.senders == 0 {
			c.waiters.fireAll(firedClosed, &wl)
		}
	}
	c.mu.Unlock()
	wl.wake()
}

// ReceiverCount returns the number of open receivers.
func (tx *BroadcastSender[T]) ReceiverCount() int {
	tx.c.mu.Lock()
	defer tx.c.mu.Unlock()
	return tx.c.receivers
}

// BroadcastReceiver receives every value sent on a broadcast channel after
// it subscribed. One task receives from it at a time (Subscribe makes
// another receiver for another task).
type BroadcastReceiver[T any] struct {
	c      *broadcastCore[T]
	next   uint64 // sequence number of the next value to receive; guarded by c.mu
	closed bool
	fut    broadcastRecv[T]
}

// Recv receives the next value. The error is a *LaggedError when values
// were missed (the next Recv continues with the oldest value held), or
// ErrChannelClosed once every sender is closed and everything was
// received. It is an await point and cancel-safe.
func (rx *BroadcastReceiver[T]) Recv(co *Co) (T, error) {
	return Await[Result[T]](co, rx.RecvFuture()).Get()
}

// RecvFuture returns the future of the next Recv. One at a time.
func (rx *BroadcastReceiver[T]) RecvFuture() Future[Result[T]] { return &rx.fut }

// PollNext makes the receiver a Stream: each item is a value or a lag
// (Result.Err is a *LaggedError); the stream ends when the channel closes.
func (rx *BroadcastReceiver[T]) PollNext(cx *Context) Poll[Next[Result[T]]] {
	if !cx.consumeBudget() {
		return Pending[Next[Result[T]]]()
	}
	p := rx.fut.Poll(cx)
	r, ok := p.Value()
	if !ok {
		return Pending[Next[Result[T]]]()
	}
	if r.Err == ErrChannelClosed {
		return Ready(Done[Result[T]]())
	}
	return Ready(Item(r))
}

// TryRecv receives a value if one is ready: ErrChannelEmpty if none is.
func (rx *BroadcastReceiver[T]) TryRecv() (T, error) {
	c := rx.c
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := rx.takeLocked()
	if !ok {
		var zero T
		return zero, ErrChannelEmpty
	}
	return r.Get()
}

// takeLocked returns the next value, a lag, or the end; false when the
// receiver must wait.
func (rx *BroadcastReceiver[T]) takeLocked() (Result[T], bool) {
	c := rx.c
	if rx.closed {
		return Result[T]{Err: ErrChannelClosed}, true
	}
	if rx.next < c.tail {
		if n := uint64(len(c.slots)); c.tail-rx.next > n {
			lag := c.tail - n - rx.next
			rx.next = c.tail - n
			return Result[T]{Err: &LaggedError{N: lag}}, true
		}
		s := &c.slots[rx.next%uint64(len(c.slots))]
		rx.next++
		return Result[T]{Value: s.v}, true
	}
	if c.senders == 0 {
		return Result[T]{Err: ErrChannelClosed}, true
	}
	return Result[T]{}, false
}

// Close unsubscribes the receiver: values are no longer kept for it, and
// when no receiver is left Send fails.
func (rx *BroadcastReceiver[T]) Close() {
	c := rx.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if rx.closed {
		return
	}
	rx.closed = true
	c.receivers--
	if rx.fut.w.queued {
		c.waiters.remove(&rx.fut.w)
	}
}

type broadcastRecv[T any] struct {
	rx *BroadcastReceiver[T]
	w  waiter
}

func (f *broadcastRecv[T]) Poll(cx *Context) Poll[Result[T]] {
	rx := f.rx
	c := rx.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if r, ok := rx.takeLocked(); ok {
		if f.w.queued {
			c.waiters.remove(&f.w)
		}
		return Ready(r)
	}
	if f.w.queued {
		f.w.setWaker(cx)
	} else {
		f.w.fired.Store(firedNone)
		f.w.waker = cx.Waker()
		c.waiters.push(&f.w)
	}
	return Pending[Result[T]]()
}

// Drop leaves the wait queue; nothing was taken (cancel-safe).
func (f *broadcastRecv[T]) Drop() {
	c := f.rx.c
	c.mu.Lock()
	if f.w.queued {
		c.waiters.remove(&f.w)
	}
	c.mu.Unlock()
}
