package a

import (
	"fmt"
	"sync/atomic"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// ---- the waker is never registered ----

// Forgetful is the classic bug: Pending, and nobody will ever wake the task.
type Forgetful struct{ ready atomic.Bool }

func (f *Forgetful) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if f.ready.Load() {
		return asyncrt.Ready(1)
	}
	return asyncrt.Pending[int]() // want `Poll returns Pending at line \d+ without registering cx.Waker\(\): the task will never be polled again`
}

// OnePath registers on the fast path only.
type OnePath struct {
	w     *asyncrt.Waker
	armed bool
	done  atomic.Bool
}

func (f *OnePath) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if f.done.Load() {
		return asyncrt.Ready(2)
	}
	if !f.armed {
		f.armed = true
		f.w = cx.Waker()
		return asyncrt.Pending[int]()
	}
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering`
}

func (f *OnePath) fire() {
	f.done.Store(true)
	f.w.Wake()
}

// Stages returns Pending from a switch: one case forgets.
type Stages struct {
	stage int
	w     *asyncrt.Waker
}

func (s *Stages) Poll(cx *asyncrt.Context) asyncrt.Poll[string] {
	switch s.stage {
	case 0:
		s.w = cx.Waker()
		return asyncrt.Pending[string]()
	case 1:
		return asyncrt.Pending[string]() // want `returns Pending at line \d+ without registering cx.Waker`
	case 2:
		s.stage = 3
		return asyncrt.Pending[string]() // want `returns Pending at line \d+ without registering cx.Waker`
	default:
		return asyncrt.Ready("done")
	}
}

func (s *Stages) advance() {
	s.stage++
	if s.w != nil {
		s.w.Wake()
	}
}

// ResultVar returns a variable that holds Pending on one path.
type ResultVar struct{ done bool }

func (r *ResultVar) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	res := asyncrt.Pending[int]()
	if r.done {
		res = asyncrt.Ready(4)
	}
	return res // want `returns Pending at line \d+ without registering`
}

// ZeroPoll returns the zero Poll, which is Pending.
type ZeroPoll struct{}

func (ZeroPoll) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	var p asyncrt.Poll[int]
	return p // want `returns Pending at line \d+ without registering`
}

// Literal returns a Poll literal.
type Literal struct{}

func (Literal) Poll(cx *asyncrt.Context) asyncrt.Poll[bool] {
	return asyncrt.Poll[bool]{} // want `returns Pending at line \d+ without registering`
}

func pending[T any]() asyncrt.Poll[T] { return asyncrt.Pending[T]() }

// ViaHelper returns Pending through a helper of this package.
type ViaHelper struct{}

func (ViaHelper) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	return pending[int]() // want `returns Pending at line \d+ without registering`
}

// OnlyLooks fetches the waker and drops it.
type OnlyLooks struct{ seen bool }

func (o *OnlyLooks) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	w := cx.Waker()
	o.seen = w != nil
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering`
}

// LocalSlice keeps the waker in a slice that dies with the call.
type LocalSlice struct{ n int }

func (l *LocalSlice) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	ws := []*asyncrt.Waker{cx.Waker()}
	l.n = len(ws)
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering`
}

// LocalMap keeps the waker in a map that dies with the call.
type LocalMap struct{ n int }

func (l *LocalMap) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	m := map[int]*asyncrt.Waker{}
	m[l.n] = cx.Waker()
	l.n = len(m)
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering`
}

// Printed prints the waker: printing keeps nothing.
type Printed struct{}

func (Printed) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	fmt.Println("pending with", cx.Waker())
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering`
}

// LocalClosure calls a closure that only looks at the waker.
type LocalClosure struct{ ok bool }

func (l *LocalClosure) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	check := func() bool { return cx.Waker() != nil }
	l.ok = check()
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering`
}

// Cleared stores nil, not the waker.
type Cleared struct{ w *asyncrt.Waker }

func (c *Cleared) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	c.w = nil
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering`
}

func (c *Cleared) fire() {
	if c.w != nil {
		c.w.Wake()
	}
}

// SelfWakeOnePath yields on one path and forgets on the other.
type SelfWakeOnePath struct{ n int }

func (s *SelfWakeOnePath) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	s.n++
	if s.n%2 == 0 {
		cx.Waker().Wake()
		return asyncrt.Pending[int]()
	}
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering`
}

// LocalHelper passes the Context to a helper that does not keep it.
type LocalHelper struct{ n int }

func (l *LocalHelper) note(cx *asyncrt.Context) { l.n += len(fmt.Sprint(cx.Waker())) }

func (l *LocalHelper) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	l.note(cx)
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering`
}

// PollFuncLiteral is a future written as a function literal.
func PollFuncLiteral() func(*asyncrt.Context) asyncrt.Poll[int] {
	return func(cx *asyncrt.Context) asyncrt.Poll[int] {
		return asyncrt.Pending[int]() // want `this poll function returns Pending at line \d+ without registering`
	}
}

// ---- the waker is registered ----

// Timer stores the waker and a timer goroutine wakes it.
type Timer struct {
	d     time.Duration
	w     atomic.Pointer[asyncrt.Waker]
	fired atomic.Bool
	armed bool
}

func (t *Timer) Poll(cx *asyncrt.Context) asyncrt.Poll[struct{}] {
	if t.fired.Load() {
		return asyncrt.Ready(struct{}{})
	}
	t.w.Store(cx.Waker())
	if !t.armed {
		t.armed = true
		time.AfterFunc(t.d, func() {
			t.fired.Store(true)
			t.w.Load().Wake()
		})
	}
	return asyncrt.Pending[struct{}]()
}

// Yield wakes itself: Pending once, then Ready.
type Yield struct{ yielded bool }

func (y *Yield) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if y.yielded {
		return asyncrt.Ready(0)
	}
	y.yielded = true
	cx.Waker().Wake()
	return asyncrt.Pending[int]()
}

// DeferredWake wakes itself in a deferred call.
type DeferredWake struct{ n int }

func (d *DeferredWake) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if d.n > 2 {
		return asyncrt.Ready(d.n)
	}
	d.n++
	defer cx.Waker().Wake()
	return asyncrt.Pending[int]()
}

// AfterFunc hands the bound method value to the timer.
type AfterFunc struct {
	started bool
	done    atomic.Bool
}

func (a *AfterFunc) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if a.done.Load() {
		return asyncrt.Ready(5)
	}
	if !a.started {
		a.started = true
		w := cx.Waker()
		time.AfterFunc(time.Millisecond, func() { a.done.Store(true); w.Wake() })
		return asyncrt.Pending[int]()
	}
	time.AfterFunc(time.Millisecond, cx.Waker().Wake)
	return asyncrt.Pending[int]()
}

// GoroutineFirstPoll hands the first poll's waker to a goroutine and, on
// every later poll, returns Pending without registering the current one:
// the stale-waker bug in another shape (the goroutine wakes whichever task
// polled first).
type GoroutineFirstPoll struct {
	ch      chan int
	started bool
	v       atomic.Int64
	done    atomic.Bool
}

func (g *GoroutineFirstPoll) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if g.done.Load() {
		return asyncrt.Ready(int(g.v.Load()))
	}
	if !g.started {
		g.started = true
		go func(w *asyncrt.Waker) {
			g.v.Store(int64(<-g.ch))
			g.done.Store(true)
			w.Wake()
		}(cx.Waker())
		return asyncrt.Pending[int]()
	}
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering cx.Waker`
}

// Goroutine starts the goroutine once and publishes the current waker on
// every poll; the goroutine wakes the latest one.
type Goroutine struct {
	ch      chan int
	started bool
	w       atomic.Pointer[asyncrt.Waker]
	v       atomic.Int64
	done    atomic.Bool
}

func (g *Goroutine) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	g.w.Store(cx.Waker())
	if g.done.Load() {
		return asyncrt.Ready(int(g.v.Load()))
	}
	if !g.started {
		g.started = true
		go func() {
			g.v.Store(int64(<-g.ch))
			g.done.Store(true)
			g.w.Load().Wake()
		}()
	}
	return asyncrt.Pending[int]()
}

// Global parks the waker in a package variable.
var parked atomic.Pointer[asyncrt.Waker]

var parkedPlain *asyncrt.Waker

func wakeParked() {
	if w := parked.Load(); w != nil {
		w.Wake()
	}
	if parkedPlain != nil {
		parkedPlain.Wake()
	}
}

type Global struct{}

func (Global) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	parked.Store(cx.Waker())
	parkedPlain = cx.Waker()
	return asyncrt.Pending[int]()
}

// SwitchAll returns Pending from every case of a switch, registering in
// each.
type SwitchAll struct {
	state int
	w     *asyncrt.Waker
}

func (s *SwitchAll) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	switch s.state {
	case 0:
		s.w = cx.Waker()
		return asyncrt.Pending[int]()
	case 1:
		cx.Waker().Wake()
		return asyncrt.Pending[int]()
	}
	return asyncrt.Ready(s.state)
}

func (s *SwitchAll) fire() { s.w.Wake() }

// AlwaysReady never returns Pending: nothing to report.
type AlwaysReady struct{ v int }

func (a AlwaysReady) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if a.v > 0 {
		return asyncrt.Ready(a.v)
	}
	return asyncrt.Ready(-a.v)
}

// ResultVarRegistered returns a Pending variable only after registering.
type ResultVarRegistered struct {
	done bool
	w    *asyncrt.Waker
}

func (r *ResultVarRegistered) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	res := asyncrt.Ready(1)
	if !r.done {
		r.w = cx.Waker()
		res = asyncrt.Pending[int]()
	}
	return res
}

func (r *ResultVarRegistered) fire() { r.done = true; r.w.Wake() }

// Registrar is an event source behind an interface: the analysis cannot see
// what it does, so it assumes it keeps the waker.
type Registrar interface{ Register(w *asyncrt.Waker) }

type ViaInterface struct{ src Registrar }

func (v *ViaInterface) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	v.src.Register(cx.Waker())
	return asyncrt.Pending[int]()
}

// WillWakeGuard replaces the waker only when it changed: the path where the
// stored waker already wakes this task needs no store.
type WillWakeGuard struct {
	w    *asyncrt.Waker
	done atomic.Bool
}

func (g *WillWakeGuard) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if g.done.Load() {
		return asyncrt.Ready(7)
	}
	if g.w != nil && g.w.WillWake(cx.Waker()) {
		return asyncrt.Pending[int]()
	}
	g.w = cx.Waker()
	return asyncrt.Pending[int]()
}

func (g *WillWakeGuard) fire() { g.done.Store(true); g.w.Wake() }

// StaleFixed is the correct form of the first-poll store.
type StaleFixed struct{ w *asyncrt.Waker }

func (s *StaleFixed) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if s.w == nil || !s.w.WillWake(cx.Waker()) {
		s.w = cx.Waker()
	}
	return asyncrt.Pending[int]()
}

func (s *StaleFixed) fire() { s.w.Wake() }

// Waiter queue: the waker goes into a struct appended to a queue by a
// method of this package.
type waiter struct {
	id int
	w  *asyncrt.Waker
}

type queue struct{ waiters []*waiter }

func (q *queue) push(w *waiter) { q.waiters = append(q.waiters, w) }

func (q *queue) wakeAll() {
	for _, w := range q.waiters {
		w.w.Wake()
	}
	q.waiters = nil
}

type Queued struct {
	q  *queue
	id int
}

func (q *Queued) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	q.q.push(&waiter{id: q.id, w: cx.Waker()})
	return asyncrt.Pending[int]()
}

// AtomicField stores through sync/atomic.
type AtomicField struct {
	w    atomic.Pointer[asyncrt.Waker]
	done atomic.Bool
}

func (a *AtomicField) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if a.done.Load() {
		return asyncrt.Ready(8)
	}
	a.w.Store(cx.Waker())
	return asyncrt.Pending[int]()
}

// Exported: whoever imports the package may read W.
type Exported struct{ W *asyncrt.Waker }

func (e *Exported) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	e.W = cx.Waker()
	return asyncrt.Pending[int]()
}

// StoresContext keeps the Context instead of its waker. The Context is
// borrowed for the poll (a worker reuses it for its next task), so this
// keeps no waker at all.
type StoresContext struct{ cx *asyncrt.Context }

func (s *StoresContext) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	s.cx = cx
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering cx.Waker`
}

func (s *StoresContext) fire() { s.cx.Waker().Wake() }

// NamedResult returns its zero named result.
type NamedResult struct{ ok bool }

func (n *NamedResult) Poll(cx *asyncrt.Context) (p asyncrt.Poll[int]) {
	if n.ok {
		p = asyncrt.Ready(1)
		return
	}
	return // want `returns Pending at line \d+ without registering`
}

// DeferredClosure wakes itself from a deferred closure.
type DeferredClosure struct{ n int }

func (d *DeferredClosure) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if d.n > 0 {
		return asyncrt.Ready(d.n)
	}
	d.n++
	w := cx.Waker()
	defer func() { w.Wake() }()
	return asyncrt.Pending[int]()
}

// PanicsOtherwise never returns Pending: the other path panics.
type PanicsOtherwise struct{ v *int }

func (p *PanicsOtherwise) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if p.v == nil {
		panic("polled before it was set")
	}
	return asyncrt.Ready(*p.v)
}
