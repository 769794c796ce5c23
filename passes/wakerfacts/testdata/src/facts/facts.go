// Package facts holds waker helpers whose facts package factsuse (and the
// checks) rely on.
package facts

import (
	"fmt"
	"sync"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

type Registry struct {
	mu      sync.Mutex
	waiters map[int]*asyncrt.Waker
	queue   []*asyncrt.Waker
	ch      chan *asyncrt.Waker
	last    *asyncrt.Waker
	cx      *asyncrt.Context
}

var global *asyncrt.Waker

// Store keeps the waker in a field.
func (r *Registry) Store(w *asyncrt.Waker) { // want Store:"keepsWaker\\(w: stores\\)"
	r.last = w
}

// ByID keeps it in a map keyed by id.
func (r *Registry) ByID(id int, w *asyncrt.Waker) { // want ByID:"keepsWaker\\(w: stores\\)"
	r.mu.Lock()
	r.waiters[id] = w
	r.mu.Unlock()
}

// Enqueue appends it to a slice field.
func (r *Registry) Enqueue(w *asyncrt.Waker) { // want Enqueue:"keepsWaker\\(w: stores\\)"
	r.queue = append(r.queue, w)
}

// Send hands it to an event loop.
func (r *Registry) Send(w *asyncrt.Waker) { // want Send:"keepsWaker\\(w: stores\\)"
	r.ch <- w
}

// Global parks it in a package variable.
func Global(w *asyncrt.Waker) { // want Global:"keepsWaker\\(w: stores\\)"
	global = w
}

// Wake wakes it right away.
func Wake(w *asyncrt.Waker) { // want Wake:"keepsWaker\\(w: wakes\\)"
	w.Wake()
}

// Later wakes it from a timer: the closure escapes into time.AfterFunc.
func Later(d time.Duration, w *asyncrt.Waker) { // want Later:"keepsWaker\\(w: escapes\\)"
	time.AfterFunc(d, func() { w.Wake() })
}

// InGoroutine wakes it from a goroutine.
func InGoroutine(ch <-chan int, w *asyncrt.Waker) { // want InGoroutine:"keepsWaker\\(w: escapes\\)"
	go func() {
		<-ch
		w.Wake()
	}()
}

// Register takes the Context and keeps its waker through another helper.
func Register(cx *asyncrt.Context, r *Registry) { // want Register:"keepsWaker\\(cx: keeps\\)"
	r.Store(cx.Waker())
}

// Through passes the waker to a helper: only the helper's fact says so.
func Through(r *Registry, w *asyncrt.Waker, id int) { // want Through:"keepsWaker\\(w: keeps\\)"
	r.ByID(id, w)
}

// Conditional keeps it only when not done: "may" keep is enough.
func (r *Registry) Conditional(done bool, w *asyncrt.Waker) { // want Conditional:"keepsWaker\\(w: stores\\)"
	if done {
		return
	}
	r.last = w
}

// Recursive keeps it at the bottom of a recursion.
func Recursive(n int, r *Registry, w *asyncrt.Waker) { // want Recursive:"keepsWaker\\(w: (stores|keeps)\\)"
	if n == 0 {
		r.last = w
		return
	}
	Recursive(n-1, r, w)
}

// Drive polls a child with the Context: the child registers when Pending.
func Drive(cx *asyncrt.Context, f asyncrt.Future[int]) bool { // want Drive:"keepsWaker\\(cx: polls\\)"
	return f.Poll(cx).IsReady()
}

// Both keeps the waker of one parameter and wakes the other.
func Both(r *Registry, a, b *asyncrt.Waker) { // want Both:"keepsWaker\\(a: stores, b: wakes\\)"
	r.last = a
	b.Wake()
}

// WakerOf returns the waker: the caller holds a copy.
func WakerOf(cx *asyncrt.Context) *asyncrt.Waker { // want WakerOf:"returnsWaker\\(cx\\)"
	return cx.Waker()
}

// Wrap returns a new Context around the same waker.
func Wrap(cx *asyncrt.Context) *asyncrt.Context { // want Wrap:"returnsWaker\\(cx\\)"
	return asyncrt.NewContext(cx.Waker())
}

// Pending is always Pending.
func Pending[T any]() asyncrt.Poll[T] { // want Pending:"alwaysPending"
	return asyncrt.Pending[T]()
}

// PendingVia is always Pending through another helper, on both branches.
func PendingVia(b bool) asyncrt.Poll[int] { // want PendingVia:"alwaysPending"
	if b {
		return Pending[int]()
	}
	var p asyncrt.Poll[int]
	return p
}

// ---- no facts ----

// Describe only prints the waker.
func Describe(w *asyncrt.Waker) string { return fmt.Sprintf("%p", w) }

// Same compares two wakers.
func Same(a, b *asyncrt.Waker) bool { return a.WillWake(b) }

// Peek only looks at the Context.
func Peek(cx *asyncrt.Context) bool { return cx.Waker() != nil }

// LocalOnly keeps the waker in a local slice that dies with the call.
func LocalOnly(w *asyncrt.Waker) int {
	ws := []*asyncrt.Waker{w}
	m := map[int]*asyncrt.Waker{1: w}
	return len(ws) + len(m)
}

// Cleared stores nil, not the waker.
func (r *Registry) Cleared(w *asyncrt.Waker) {
	if w != nil {
		r.last = nil
	}
}

// MaybeReady is Pending on one path only.
func MaybeReady(b bool) asyncrt.Poll[int] {
	if b {
		return asyncrt.Ready(1)
	}
	return asyncrt.Pending[int]()
}

// PollOnce is a poll helper: it returns a Poll and takes the Context, so
// callers treat it as a child poll and it gets no KeepsWaker fact.
func PollOnce(cx *asyncrt.Context, r *Registry) asyncrt.Poll[int] {
	r.Store(cx.Waker())
	return asyncrt.Pending[int]()
}

// KeepContext keeps the borrowed Context, which a worker reuses for its
// next task: that keeps no waker.
func (r *Registry) KeepContext(cx *asyncrt.Context) { r.cx = cx }

// KeepOwnContext keeps a Context it made around the waker: that does.
func (r *Registry) KeepOwnContext(w *asyncrt.Waker) { // want KeepOwnContext:"keepsWaker\\(w: stores\\)"
	r.cx = asyncrt.NewContext(w)
}

// CalledClosure wakes through a closure it calls itself.
func CalledClosure(w *asyncrt.Waker) { // want CalledClosure:"keepsWaker\\(w: keeps\\)"
	wake := func() { w.Wake() }
	wake()
}

// InStruct keeps it inside a struct appended to a slice field.
type entry struct{ w *asyncrt.Waker }

type List struct{ entries []entry }

func (l *List) InStruct(w *asyncrt.Waker) { // want InStruct:"keepsWaker\\(w: stores\\)"
	l.entries = append(l.entries, entry{w: w})
}
