package asyncrt

// Poll is the outcome of polling a future once: either Ready with a value,
// or Pending, in which case the future has arranged for the waker of the
// Context it was polled with to be woken when it can make progress.
type Poll[T any] struct {
	value T
	ready bool
}

// Ready returns a ready Poll holding v.
func Ready[T any](v T) Poll[T] { return Poll[T]{value: v, ready: true} }

// Pending returns a pending Poll.
func Pending[T any]() Poll[T] { return Poll[T]{} }

// IsReady reports whether p holds a value.
func (p Poll[T]) IsReady() bool { return p.ready }

// Value returns the value of a ready Poll and true, or the zero value and
// false for a pending one.
func (p Poll[T]) Value() (T, bool) { return p.value, p.ready }

// Future is a lazy computation producing a T. Nothing happens until it is
// polled: Poll either returns Ready, or returns Pending after arranging for
// cx.Waker() to be woken when polling again can make progress. A future that
// returns Pending without keeping the waker is never polled again (see
// TestPitfallMissingWakeNeverCompletes). A future must not be polled again
// after it returned Ready.
//
// Poll runs on an executor worker: it must not block.
type Future[T any] interface {
	Poll(cx *Context) Poll[T]
}

// Next is one step of a stream: an item (OK is true) or the end (OK is false).
type Next[T any] struct {
	Value T
	OK    bool
}

// Item returns a Next holding v.
func Item[T any](v T) Next[T] { return Next[T]{Value: v, OK: true} }

// Done returns the Next that ends a stream.
func Done[T any]() Next[T] { return Next[T]{} }

// Stream is a lazy sequence of values produced asynchronously: PollNext
// returns Ready(Item(v)) for each value, Ready(Done()) at the end, and
// Pending (with the waker kept) when no value is available yet.
type Stream[T any] interface {
	PollNext(cx *Context) Poll[Next[T]]
}
