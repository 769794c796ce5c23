package asyncrt

import "sync"

// NewOneshot returns the two ends of a channel for a single value
// (tokio::sync::oneshot): the sender sends once, without waiting; the
// receiver is a future of that value. Closing the sender without sending
// makes the receiver fail with ErrChannelClosed; closing the receiver
// makes the send fail (the value is handed back by the error: the caller
// still holds it).
func NewOneshot[T any]() (*OneshotSender[T], *OneshotReceiver[T]) {
	c := &oneshotCore[T]{}
	return &OneshotSender[T]{c: c}, &OneshotReceiver[T]{c: c}
}

type oneshotCore[T any] struct {
	mu       sync.Mutex
	v        T
	sent     bool // v holds the value (until received)
	taken    bool // the receiver got it
	txClosed bool // sent, or closed without sending
	rxClosed bool
	rxWaker  *Waker
	txWaker  *Waker // a ClosedFuture waiting for the receiver to close
}

// OneshotSender sends the single value of a oneshot channel.
type OneshotSender[T any] struct{ c *oneshotCore[T] }

// Send sends v, waking the receiver. It returns ErrChannelClosed (v not
// delivered) if the receiver is closed, or if Send or Close was called
// before.
func (tx *OneshotSender[T]) Send(v T) error {
	c := tx.c
	c.mu.Lock()
	if c.rxClosed || c.txClosed {
		c.mu.Unlock()
		return ErrChannelClosed
	}
	c.v, c.sent, c.txClosed = v, true, true
	w := c.rxWaker
	c.rxWaker = nil
	c.mu.Unlock()
	if w != nil {
		w.Wake()
	}
	return nil
}

// Close closes the sender without sending: the receiver gets
// ErrChannelClosed. It does nothing after Send.
func (tx *OneshotSender[T]) Close() {
	c := tx.c
	c.mu.Lock()
	if c.txClosed {
		c.mu.Unlock()
		return
	}
	c.txClosed = true
	w := c.rxWaker
	c.rxWaker = nil
	c.mu.Unlock()
	if w != nil {
		w.Wake()
	}
}

// IsClosed reports whether the receiver is closed.
func (tx *OneshotSender[T]) IsClosed() bool {
	tx.c.mu.Lock()
	defer tx.c.mu.Unlock()
	return tx.c.rxClosed
}

// ClosedFuture returns a future that is ready when the receiver is closed
// (tokio's Sender::closed): a producer can select on it to stop computing
// a value nobody wants. One such future at a time.
func (tx *OneshotSender[T]) ClosedFuture() Future[struct{}] { return oneshotClosed[T]{tx.c} }

type oneshotClosed[T any] struct{ c *oneshotCore[T] }

func (f oneshotClosed[T]) Poll(cx *Context) Poll[struct{}] {
	c := f.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rxClosed {
		return Ready(struct{}{})
	}
	c.txWaker = cx.Waker()
	return Pending[struct{}]()
}

// OneshotReceiver receives the value of a oneshot channel. It is itself a
// future of the value (Poll), ready with it, or with ErrChannelClosed if
// the sender was closed without sending. Awaiting it is cancel-safe: the
// value is taken only by the poll that returns it.
type OneshotReceiver[T any] struct{ c *oneshotCore[T] }

// Poll makes the receiver a Future[Result[T]].
func (rx *OneshotReceiver[T]) Poll(cx *Context) Poll[Result[T]] {
	c := rx.c
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.taken:
		panic("asyncrt: OneshotReceiver polled after it delivered its value")
	case c.sent:
		return Ready(rx.takeLocked())
	case c.txClosed || c.rxClosed:
		return Ready(Result[T]{Err: ErrChannelClosed})
	}
	if w := cx.Waker(); c.rxWaker == nil || !c.rxWaker.WillWake(w) {
		c.rxWaker = w
	}
	return Pending[Result[T]]()
}

func (rx *OneshotReceiver[T]) takeLocked() Result[T] {
	c := rx.c
	v := c.v
	var zero T
	c.v, c.sent, c.taken = zero, false, true
	return Result[T]{Value: v}
}

// Recv awaits the value. It is an await point.
func (rx *OneshotReceiver[T]) Recv(co *Co) (T, error) { return Await[Result[T]](co, rx).Get() }

// TryRecv returns the value if it was sent, ErrChannelEmpty if not yet,
// and ErrChannelClosed if it never will be (or was already received).
func (rx *OneshotReceiver[T]) TryRecv() (T, error) {
	c := rx.c
	c.mu.Lock()
	defer c.mu.Unlock()
	var zero T
	switch {
	case c.sent:
		return rx.takeLocked().Get()
	case c.taken || c.txClosed || c.rxClosed:
		return zero, ErrChannelClosed
	}
	return zero, ErrChannelEmpty
}

// Close closes the receiver: a later Send fails, and a sender waiting in
// ClosedFuture is woken. A value already sent can still be taken with
// TryRecv.
func (rx *OneshotReceiver[T]) Close() {
	c := rx.c
	c.mu.Lock()
	c.rxClosed = true
	w := c.txWaker
	c.txWaker = nil
	c.mu.Unlock()
	if w != nil {
		w.Wake()
	}
}
