package a

import (
	"sync"

	"github.com/asynclint/asynclint/asyncrt"

	"reg"
)

// ---- event sources: maps, channels, helpers in other packages ----

// ByID parks its waker in a map keyed by id; Fire wakes it.
type hub struct {
	mu      sync.Mutex
	waiters map[int]*asyncrt.Waker
	ready   map[int]bool
}

func (h *hub) fire(id int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ready[id] = true
	if w, ok := h.waiters[id]; ok {
		delete(h.waiters, id)
		w.Wake()
	}
}

type ByID struct {
	h  *hub
	id int
}

func (b *ByID) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	b.h.mu.Lock()
	defer b.h.mu.Unlock()
	if b.h.ready[b.id] {
		return asyncrt.Ready(b.id)
	}
	b.h.waiters[b.id] = cx.Waker()
	return asyncrt.Pending[int]()
}

// ByIDForgets checks the map but parks nothing.
type ByIDForgets struct {
	h  *hub
	id int
}

func (b *ByIDForgets) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	b.h.mu.Lock()
	defer b.h.mu.Unlock()
	if b.h.ready[b.id] {
		return asyncrt.Ready(b.id)
	}
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering cx.Waker`
}

// Sent hands its waker to an event loop over a channel.
type Sent struct {
	subscribe chan<- *asyncrt.Waker
	done      *bool
}

func (s *Sent) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if *s.done {
		return asyncrt.Ready(1)
	}
	s.subscribe <- cx.Waker()
	return asyncrt.Pending[int]()
}

// SentSelect offers the waker in a select.
type SentSelect struct {
	subscribe chan *asyncrt.Waker
	done      *bool
}

func (s *SentSelect) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if *s.done {
		return asyncrt.Ready(1)
	}
	select {
	case s.subscribe <- cx.Waker():
		return asyncrt.Pending[int]()
	default:
		return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering`
	}
}

// Parked registers through a helper in another package (facts).
type Parked struct {
	r  *reg.Registry
	id int
}

func (p *Parked) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	p.r.Park(p.id, cx.Waker())
	return asyncrt.Pending[int]()
}

// Registered passes the Context itself to a helper in another package.
type Registered struct {
	r  *reg.Registry
	id int
}

func (p *Registered) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	reg.Register(cx, p.r, p.id)
	return asyncrt.Pending[int]()
}

// WokenByHelper self-wakes through a helper in another package.
type WokenByHelper struct{ n int }

func (w *WokenByHelper) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if w.n > 0 {
		return asyncrt.Ready(w.n)
	}
	w.n++
	reg.WakeNow(cx.Waker())
	return asyncrt.Pending[int]()
}

// CopiedThenParked keeps a copy obtained through another package.
type CopiedThenParked struct {
	r *reg.Registry
}

func (c *CopiedThenParked) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	w := reg.WakerOf(cx)
	c.r.Park(3, w)
	return asyncrt.Pending[int]()
}

// Described passes the waker to a helper of another package that only
// prints it: its fact says it keeps nothing.
type Described struct{ s string }

func (d *Described) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	d.s = reg.Describe(cx.Waker())
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering`
}

// Peeked passes the Context to a helper that only looks at it.
type Peeked struct{}

func (Peeked) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if reg.Peek(cx) {
		return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering`
	}
	return asyncrt.Ready(0)
}

// ForeignPending returns Pending through another package's helper.
type ForeignPending struct{}

func (ForeignPending) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	return reg.Pending[int]() // want `returns Pending at line \d+ without registering`
}

// Subscribed goes through the stale helper of package reg: registered (the
// helper keeps a waker; its staleness is reported in reg).
type Subscribed struct{ s *reg.Source }

func (s *Subscribed) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	s.s.Subscribe(cx.Waker())
	return asyncrt.Pending[int]()
}
