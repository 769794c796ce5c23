package asyncrt

import "sync"

// NewWatch returns a sender and a first receiver of a watch channel
// (tokio::sync::watch): it holds one value, the latest sent, and receivers
// wait for it to change. Receivers that are slower than the sender see
// only the latest value: intermediate ones are skipped by design (a
// configuration, a status, a shutdown flag).
//
// Closing: once the sender is closed, Changed fails with ErrChannelClosed
// (after reporting a change not yet seen); the last value stays readable.
// Once every receiver is closed, Send fails with ErrChannelClosed.
func NewWatch[T any](initial T) (*WatchSender[T], *WatchReceiver[T]) {
	c := &watchCore[T]{v: initial, receivers: 1}
	return &WatchSender[T]{c: c}, &WatchReceiver[T]{c: c}
}

type watchCore[T any] struct {
	mu        sync.Mutex
	v         T
	version   uint64 // number of values sent
	txClosed  bool
	receivers int
	waiters   waitList // receivers waiting in Changed
}

// WatchSender publishes the value of a watch channel.
type WatchSender[T any] struct{ c *watchCore[T] }

// Send stores v as the latest value and wakes the receivers waiting for a
// change. It fails with ErrChannelClosed (v not stored) when every receiver
// is closed or the sender is; SendReplace stores regardless.
func (tx *WatchSender[T]) Send(v T) error {
	c := tx.c
	c.mu.Lock()
	if c.receivers == 0 || c.txClosed {
		c.mu.Unlock()
		return ErrChannelClosed
	}
	tx.storeLocked(v)
	return nil
}

// storeLocked stores v, bumps the version and wakes the waiters; it
// releases the lock.
func (tx *WatchSender[T]) storeLocked(v T) {
	c := tx.c
	c.v = v
	c.version++
	var wl wakeList
	c.waiters.fireAll(firedGranted, &wl)
	c.mu.Unlock()
	wl.wake()
}

// SendReplace stores v even if no receiver is open, and returns the value
// it replaces. It panics if the sender is closed.
func (tx *WatchSender[T]) SendReplace(v T) T {
	c := tx.c
	c.mu.Lock()
	if c.txClosed {
		c.mu.Unlock()
		panic("asyncrt: SendReplace on a closed WatchSender")
	}
	old := c.v
	tx.storeLocked(v)
	return old
}

// SendModify changes the value in place with modify (called under the
// channel's lock: it must be quick and must not block) and notifies the
// receivers. It panics if the sender is closed.
func (tx *WatchSender[T]) SendModify(modify func(v *T)) {
	c := tx.c
	c.mu.Lock()
	if c.txClosed {
		c.mu.Unlock()
		panic("asyncrt: SendModify on a closed WatchSender")
	}
	v := c.v
	modify(&v)
	tx.storeLocked(v)
}

// Borrow returns the latest value.
func (tx *WatchSender[T]) Borrow() T {
	tx.c.mu.Lock()
	defer tx.c.mu.Unlock()
	return tx.c.v
}

// Subscribe returns a new receiver, which has seen the current value.
func (tx *WatchSender[T]) Subscribe() *WatchReceiver[T] {
	c := tx.c
	c.mu.Lock()
	defer c.mu.Unlock()
	c.receivers++
	return &WatchReceiver[T]{c: c, seen: c.version}
}

// ReceiverCount returns the number of open receivers.
func (tx *WatchSender[T]) ReceiverCount() int {
	tx.c.mu.Lock()
	defer tx.c.mu.Unlock()
	return tx.c.receivers
}

// Close closes the sender: receivers waiting in Changed get
// ErrChannelClosed.
func (tx *WatchSender[T]) Close() {
	c := tx.c
	var wl wakeList
	c.mu.Lock()
	if !c.txClosed {
		c.txClosed = true
		c.waiters.fireAll(firedClosed, &wl)
	}
	c.mu.Unlock()
	wl.wake()
}

// WatchReceiver reads a watch channel and waits for changes. One task uses
// it at a time (Clone makes another receiver).
type WatchReceiver[T any] struct {
	c      *watchCore[T]
	seen   uint64 // version last seen; guarded by c.mu
	closed bool
}

// Borrow returns the latest value without marking it seen.
func (rx *WatchReceiver[T]) Borrow() T {
	rx.c.mu.Lock()
	defer rx.c.mu.Unlock()
	return rx.c.v
}

// BorrowAndUpdate returns the latest value and marks it seen.
func (rx *WatchReceiver[T]) BorrowAndUpdate() T {
	c := rx.c
	c.mu.Lock()
	defer c.mu.Unlock()
	rx.seen = c.version
	return c.v
}

// HasChanged reports whether a value not yet seen was sent. The error is
// ErrChannelClosed once the sender is closed.
func (rx *WatchReceiver[T]) HasChanged() (bool, error) {
	c := rx.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.txClosed {
		return false, ErrChannelClosed
	}
	return c.version != rx.seen, nil
}

// Changed waits until a value not yet seen is sent and marks it seen (read
// it with Borrow). It returns ErrChannelClosed when the sender is closed
// and no unseen value is left. It is an await point and cancel-safe.
func (rx *WatchReceiver[T]) Changed(co *Co) error { return Await(co, rx.ChangedFuture()) }

// ChangedFuture returns the future of Changed.
func (rx *WatchReceiver[T]) ChangedFuture() Future[error] { return &watchChanged[T]{rx: rx} }

// Clone returns another receiver that has seen what rx has seen.
func (rx *WatchReceiver[T]) Clone() *WatchReceiver[T] {
	c := rx.c
	c.mu.Lock()
	defer c.mu.Unlock()
	c.receivers++
	return &WatchReceiver[T]{c: c, seen: rx.seen}
}

// Close closes the receiver; when every receiver is closed, Send fails.
func (rx *WatchReceiver[T]) Close() {
	c := rx.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if !rx.closed {
		rx.closed = true
		c.receivers--
	}
}

type watchChanged[T any] struct {
	rx *WatchReceiver[T]
	w  waiter
}

func (f *watchChanged[T]) Poll(cx *Context) Poll[error] {
	rx := f.rx
	c := rx.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != rx.seen || c.txClosed || rx.closed {
		if f.w.queued {
			c.waiters.remove(&f.w)
		}
		if c.version != rx.seen {
			rx.seen = c.version
			return Ready[error](nil)
		}
		return Ready(ErrChannelClosed)
	}
	if f.w.queued {
		f.w.setWaker(cx)
	} else {
		f.w.fired.Store(firedNone)
		f.w.waker = cx.Waker()
		c.waiters.push(&f.w)
	}
	return Pending[error]()
}

// Drop leaves the wait queue (cancel-safe: nothing is marked seen).
func (f *watchChanged[T]) Drop() {
	c := f.rx.c
	c.mu.Lock()
	if f.w.queued {
		c.waiters.remove(&f.w)
	}
	c.mu.Unlock()
}
