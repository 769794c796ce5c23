package a

import "github.com/asynclint/asynclint/asyncrt"

// timer is a user-defined future with a value receiver.
type timer struct{ ticks int }

func (t timer) Poll(cx *asyncrt.Context) asyncrt.Poll[struct{}] {
	return asyncrt.Ready(struct{}{})
}

func newTimer(n int) timer { return timer{ticks: n} }

// Positive: a user-defined future with a value receiver.
func userValue(co *asyncrt.Co) {
	newTimer(3) // want `the future timer returned by newTimer is dropped`
}

// Positive: a type parameter constrained by Future.
func typeParam[F asyncrt.Future[int]](co *asyncrt.Co, make func() F) {
	make() // want `the future F returned by make is dropped`
}

// Positive: a type parameter with a Poll method in its constraint.
type poller[T any] interface {
	Poll(cx *asyncrt.Context) asyncrt.Poll[T]
}

func typeParamMethod[T any, F poller[T]](make func() F) bool {
	f := make() // want `f, the future F returned by make, is dropped on the path to the return at line 31`
	return any(f) == nil
}

// Positive: a generic constructor returning a future.
func ready[T any](v T) asyncrt.Future[T] {
	return asyncrt.Async(func(co *asyncrt.Co) T { return v })
}

func genericCall(co *asyncrt.Co) {
	ready[string]("x") // want `the asyncrt\.Future\[string\] returned by ready is dropped`
}

// Negative: the type parameter future is awaited.
func typeParamAwaited[F asyncrt.Future[int]](co *asyncrt.Co, make func() F) int {
	return asyncrt.Await(co, make())
}

// Negative: a type parameter that is not a future.
func notFuture[T any](make func() T) {
	make()
}

// Negative: a user future passed to a generic helper.
func userToHelper(co *asyncrt.Co) {
	await(co, newTimer(1))
}

// Negative: a type parameter future stored in a generic container.
type queue[F asyncrt.Future[int]] struct{ items []F }

func (q *queue[F]) push(make func() F) {
	q.items = append(q.items, make())
}

func newTimerPtr(n int) *timer { return &timer{ticks: n} }

// Negative: the future a pointer points to is copied and awaited.
func derefCopy(co *asyncrt.Co) {
	p := newTimerPtr(1)
	asyncrt.Await(co, *p)
}

// Positive: only a field of the future is read.
func fieldOnly(co *asyncrt.Co) int {
	p := newTimerPtr(1) // want `p, the future \*timer returned by newTimerPtr, is dropped on the path to the return at line 76`
	return p.ticks
}
