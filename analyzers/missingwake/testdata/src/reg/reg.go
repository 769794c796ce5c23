// Package reg is an event source in another package: the waker helpers the
// futures of package a register through. Whether each one keeps the waker
// reaches package a only as a fact.
package reg

import (
	"fmt"
	"sync"

	"github.com/asynclint/asynclint/asyncrt"
)

// Registry wakes the tasks parked on it by id.
type Registry struct {
	mu      sync.Mutex
	waiters map[int]*asyncrt.Waker
}

func NewRegistry() *Registry { return &Registry{waiters: make(map[int]*asyncrt.Waker)} }

// Park keeps w until Fire(id).
func (r *Registry) Park(id int, w *asyncrt.Waker) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.waiters[id] = w
}

// Fire wakes the task parked under id.
func (r *Registry) Fire(id int) {
	r.mu.Lock()
	w := r.waiters[id]
	delete(r.waiters, id)
	r.mu.Unlock()
	if w != nil {
		w.Wake()
	}
}

// Register parks the task polled with cx: a helper taking the Context.
func Register(cx *asyncrt.Context, r *Registry, id int) {
	r.Park(id, cx.Waker())
}

// WakeNow is a self-wake helper.
func WakeNow(w *asyncrt.Waker) { w.Wake() }

// Describe only prints the waker: it does not keep it.
func Describe(w *asyncrt.Waker) string { return fmt.Sprintf("waker %p", w) }

// Peek only looks at the Context.
func Peek(cx *asyncrt.Context) bool { return cx.Waker() != nil }

// WakerOf returns the waker of cx: the caller holds a copy.
func WakerOf(cx *asyncrt.Context) *asyncrt.Waker { return cx.Waker() }

// Pending is a helper that is always Pending.
func Pending[T any]() asyncrt.Poll[T] { return asyncrt.Pending[T]() }

// Source keeps only the first waker it is given.
type Source struct {
	w *asyncrt.Waker
}

// Subscribe is the stale-waker bug in a helper: a second task, or the same
// task after it moved, is never woken.
func (s *Source) Subscribe(w *asyncrt.Waker) {
	if s.w == nil {
		s.w = w // want `the waker is stored in field w only while w is nil \(tested at line \d+\)`
	}
}

// Notify wakes the subscriber.
func (s *Source) Notify() {
	if s.w != nil {
		s.w.Wake()
	}
}
