package a

import (
	"sync"

	"github.com/asynclint/asynclint/asyncrt"
)

// ---- stale wakers ----

// FirstPollOnly keeps the waker of the first poll only.
type FirstPollOnly struct {
	w    *asyncrt.Waker
	done bool
}

func (f *FirstPollOnly) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if f.done {
		return asyncrt.Ready(1)
	}
	if f.w == nil {
		f.w = cx.Waker() // want `the waker is stored in field w only while w is nil \(tested at line \d+\): a later poll may carry a different waker`
	}
	return asyncrt.Pending[int]()
}

func (f *FirstPollOnly) fire() { f.done = true; f.w.Wake() }

// NotNilEarlyReturn is the same bug written the other way round.
type NotNilEarlyReturn struct{ w *asyncrt.Waker }

func (n *NotNilEarlyReturn) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if n.w != nil {
		return asyncrt.Pending[int]()
	}
	n.w = cx.Waker() // want `stored in field w only while w is nil`
	return asyncrt.Pending[int]()
}

func (n *NotNilEarlyReturn) fire() { n.w.Wake() }

// EveryPoll stores on every poll: fine.
type EveryPoll struct {
	mu sync.Mutex
	w  *asyncrt.Waker
}

func (e *EveryPoll) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.w = cx.Waker()
	return asyncrt.Pending[int]()
}

func (e *EveryPoll) fire() {
	e.mu.Lock()
	w := e.w
	e.mu.Unlock()
	w.Wake()
}

// ReplacedOtherwise stores when nil, and again when it changed.
type ReplacedOtherwise struct{ w *asyncrt.Waker }

func (r *ReplacedOtherwise) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if r.w == nil {
		r.w = cx.Waker()
	} else if !r.w.WillWake(cx.Waker()) {
		r.w = cx.Waker()
	}
	return asyncrt.Pending[int]()
}

func (r *ReplacedOtherwise) fire() { r.w.Wake() }

// ---- lost wakers ----

// NeverRead stores the waker in a field nothing reads.
type NeverRead struct {
	w    *asyncrt.Waker
	done bool
}

func (n *NeverRead) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if n.done {
		return asyncrt.Ready(1)
	}
	n.w = cx.Waker() // want `the waker is stored in field w, but nothing in this package reads w to call Wake or hand it on`
	return asyncrt.Pending[int]()
}

func (n *NeverRead) finish() { n.done = true } // forgets n.w.Wake()

// OnlyCompared reads the field only to compare it with nil.
type OnlyCompared struct{ w *asyncrt.Waker }

func (o *OnlyCompared) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	o.w = cx.Waker() // want `nothing in this package reads w to call Wake`
	return asyncrt.Pending[int]()
}

func (o *OnlyCompared) waiting() bool { return o.w != nil }

// MapNeverWoken collects wakers by id and only ever deletes them.
type MapNeverWoken struct {
	waiters map[int]*asyncrt.Waker
	id      int
}

func (m *MapNeverWoken) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	m.waiters[m.id] = cx.Waker() // want `the waker is stored in a map, but nothing in this package reads waiters`
	return asyncrt.Pending[int]()
}

func (m *MapNeverWoken) cancel(id int) { delete(m.waiters, id) }

// SliceNeverWoken appends wakers and only counts them.
type SliceNeverWoken struct{ ws []*asyncrt.Waker }

func (s *SliceNeverWoken) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	s.ws = append(s.ws, cx.Waker()) // want `the waker is stored in field ws, but nothing in this package reads ws`
	return asyncrt.Pending[int]()
}

func (s *SliceNeverWoken) waiting() int { return len(s.ws) }

// SliceWoken wakes every appended waker.
type SliceWoken struct {
	mu sync.Mutex
	ws []*asyncrt.Waker
}

func (s *SliceWoken) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	s.mu.Lock()
	s.ws = append(s.ws, cx.Waker())
	s.mu.Unlock()
	return asyncrt.Pending[int]()
}

func (s *SliceWoken) wakeAll() {
	s.mu.Lock()
	ws := s.ws
	s.ws = nil
	s.mu.Unlock()
	for _, w := range ws {
		w.Wake()
	}
}

// HandedOn reads the field only to hand the waker to another package.
type HandedOn struct{ w *asyncrt.Waker }

func (h *HandedOn) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	h.w = cx.Waker()
	return asyncrt.Pending[int]()
}

func (h *HandedOn) handOff(out chan<- *asyncrt.Waker) { out <- h.w }
