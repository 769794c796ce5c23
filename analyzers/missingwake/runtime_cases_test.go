//asynclint:file-ignore pollready,missingwake the positive cases in this file are deliberate bugs (IsReadyBranch also re-polls its finished child): runtime_test.go runs each one and shows the task never completes

package missingwake_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
)

// The futures of testdata/src/a, with the same names and the same Poll
// shapes, for the runtime tests (testdata cannot be imported). State an
// event changes from the test goroutine is atomic or locked, so the tests
// stay clean under -race.

// ---- positive cases ----

type Forgetful struct{ ready atomic.Bool }

func (f *Forgetful) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if f.ready.Load() {
		return asyncrt.Ready(1)
	}
	return asyncrt.Pending[int]()
}

type Stages struct {
	mu    sync.Mutex
	stage int
	w     *asyncrt.Waker
}

func (s *Stages) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch s.stage {
	case 0:
		s.w = cx.Waker()
		return asyncrt.Pending[int]()
	case 1:
		return asyncrt.Pending[int]()
	case 2:
		s.stage = 3
		return asyncrt.Pending[int]()
	default:
		return asyncrt.Ready(s.stage)
	}
}

func (s *Stages) advance() {
	s.mu.Lock()
	s.stage = 4
	w := s.w
	s.mu.Unlock()
	if w != nil {
		w.Wake()
	}
}

type ResultVar struct{ done atomic.Bool }

func (r *ResultVar) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	res := asyncrt.Pending[int]()
	if r.done.Load() {
		res = asyncrt.Ready(4)
	}
	return res
}

type ZeroPoll struct{}

func (ZeroPoll) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	var p asyncrt.Poll[int]
	return p
}

type NamedResult struct{ ok bool }

func (n *NamedResult) Poll(cx *asyncrt.Context) (p asyncrt.Poll[int]) {
	if n.ok {
		p = asyncrt.Ready(1)
		return
	}
	return
}

func pending[T any]() asyncrt.Poll[T] { return asyncrt.Pending[T]() }

type ViaHelper struct{}

func (ViaHelper) Poll(cx *asyncrt.Context) asyncrt.Poll[int] { return pending[int]() }

type ForeignPending struct{}

func (ForeignPending) Poll(cx *asyncrt.Context) asyncrt.Poll[int] { return pending[int]() }

type OnlyLooks struct{ seen bool }

func (o *OnlyLooks) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	w := cx.Waker()
	o.seen = w != nil
	return asyncrt.Pending[int]()
}

type LocalSlice struct{ n int }

func (l *LocalSlice) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	ws := []*asyncrt.Waker{cx.Waker()}
	l.n = len(ws)
	return asyncrt.Pending[int]()
}

type LocalMap struct{ n int }

func (l *LocalMap) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	m := map[int]*asyncrt.Waker{}
	m[l.n] = cx.Waker()
	l.n = len(m)
	return asyncrt.Pending[int]()
}

type Printed struct{ s string }

func (p *Printed) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	p.s = fmt.Sprintln("pending with", cx.Waker())
	return asyncrt.Pending[int]()
}

type LocalClosure struct{ ok bool }

func (l *LocalClosure) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	check := func() bool { return cx.Waker() != nil }
	l.ok = check()
	return asyncrt.Pending[int]()
}

type LocalHelper struct{ n int }

func (l *LocalHelper) note(cx *asyncrt.Context) { l.n += len(fmt.Sprint(cx.Waker())) }

func (l *LocalHelper) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	l.note(cx)
	return asyncrt.Pending[int]()
}

func describe(w *asyncrt.Waker) string { return fmt.Sprintf("waker %p", w) }

type Described struct{ s string }

func (d *Described) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	d.s = describe(cx.Waker())
	return asyncrt.Pending[int]()
}

func peek(cx *asyncrt.Context) bool { return cx.Waker() != nil }

type Peeked struct{}

func (Peeked) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if peek(cx) {
		return asyncrt.Pending[int]()
	}
	return asyncrt.Ready(0)
}

type SentSelect struct {
	subscribe chan *asyncrt.Waker
	done      *atomic.Bool
}

func (s *SentSelect) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if s.done.Load() {
		return asyncrt.Ready(1)
	}
	select {
	case s.subscribe <- cx.Waker():
		return asyncrt.Pending[int]()
	default:
		return asyncrt.Pending[int]()
	}
}

type Cleared struct {
	mu sync.Mutex
	w  *asyncrt.Waker
}

func (c *Cleared) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.w = nil
	return asyncrt.Pending[int]()
}

func (c *Cleared) fire() {
	c.mu.Lock()
	w := c.w
	c.mu.Unlock()
	if w != nil {
		w.Wake()
	}
}

type SelfWakeOnePath struct{ n int }

func (s *SelfWakeOnePath) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	s.n++
	if s.n%2 == 0 {
		cx.Waker().Wake()
		return asyncrt.Pending[int]()
	}
	return asyncrt.Pending[int]()
}

func PollFuncLiteral() func(*asyncrt.Context) asyncrt.Poll[int] {
	return func(cx *asyncrt.Context) asyncrt.Poll[int] {
		return asyncrt.Pending[int]()
	}
}

type hub struct {
	mu      sync.Mutex
	waiters map[int]*asyncrt.Waker
	ready   map[int]bool
}

func newHub() *hub { return &hub{waiters: map[int]*asyncrt.Waker{}, ready: map[int]bool{}} }

func (h *hub) fire(id int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.ready[id] = true
	if w, ok := h.waiters[id]; ok {
		delete(h.waiters, id)
		w.Wake()
	}
}

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
	return asyncrt.Pending[int]()
}

type Then struct {
	first  asyncrt.Future[int]
	second func(int) asyncrt.Future[int]
	next   asyncrt.Future[int]
}

func (t *Then) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if t.next == nil {
		p := t.first.Poll(cx)
		v, ok := p.Value()
		if !ok {
			return asyncrt.Pending[int]()
		}
		t.next = t.second(v)
		return asyncrt.Pending[int]()
	}
	return t.next.Poll(cx)
}

type IsReadyBranch struct {
	child asyncrt.Future[string]
	got   string
}

func (b *IsReadyBranch) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if p := b.child.Poll(cx); p.IsReady() {
		b.got, _ = p.Value()
		return asyncrt.Pending[int]()
	}
	return asyncrt.Pending[int]()
}

type ForeignContext struct{ child asyncrt.Future[int] }

func (f *ForeignContext) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	own := asyncrt.NewContext(asyncrt.NoopWaker())
	if v, ok := f.child.Poll(own).Value(); ok {
		return asyncrt.Ready(v)
	}
	return asyncrt.Pending[int]()
}

type Drained struct {
	mu    sync.Mutex
	items []int
}

func (d *Drained) push(v int) { d.mu.Lock(); d.items = append(d.items, v); d.mu.Unlock() }

func (d *Drained) PollNext(cx *asyncrt.Context) asyncrt.Poll[asyncrt.Next[int]] {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.items) == 0 {
		return asyncrt.Pending[asyncrt.Next[int]]()
	}
	v := d.items[0]
	d.items = d.items[1:]
	return asyncrt.Ready(asyncrt.Item(v))
}

type Filter struct {
	inner asyncrt.Stream[int]
	keep  func(int) bool
}

func (f *Filter) PollNext(cx *asyncrt.Context) asyncrt.Poll[asyncrt.Next[int]] {
	p := f.inner.PollNext(cx)
	n, ok := p.Value()
	if !ok {
		return asyncrt.Pending[asyncrt.Next[int]]()
	}
	if n.OK && !f.keep(n.Value) {
		return asyncrt.Pending[asyncrt.Next[int]]()
	}
	return asyncrt.Ready(n)
}

type LeakyCell[T any] struct {
	mu sync.Mutex
	v  *T
}

func (c *LeakyCell[T]) set(v T) { c.mu.Lock(); c.v = &v; c.mu.Unlock() }

func (c *LeakyCell[T]) Poll(cx *asyncrt.Context) asyncrt.Poll[T] {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.v != nil {
		return asyncrt.Ready(*c.v)
	}
	return asyncrt.Pending[T]()
}

type AndThen[T any, F asyncrt.Future[T]] struct {
	child F
	v     T
	got   bool
}

func (a *AndThen[T, F]) Poll(cx *asyncrt.Context) asyncrt.Poll[T] {
	if !a.got {
		if v, ok := a.child.Poll(cx).Value(); ok {
			a.v, a.got = v, true
			return asyncrt.Pending[T]()
		}
		return asyncrt.Pending[T]()
	}
	return asyncrt.Ready(a.v)
}

type NeverRead struct {
	mu   sync.Mutex
	w    *asyncrt.Waker
	done bool
}

func (n *NeverRead) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.done {
		return asyncrt.Ready(1)
	}
	n.w = cx.Waker()
	return asyncrt.Pending[int]()
}

func (n *NeverRead) finish() { n.mu.Lock(); n.done = true; n.mu.Unlock() } // forgets n.w.Wake()

type FirstPollOnly struct {
	mu   sync.Mutex
	w    *asyncrt.Waker
	done bool
}

func (f *FirstPollOnly) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.done {
		return asyncrt.Ready(1)
	}
	if f.w == nil {
		f.w = cx.Waker()
	}
	return asyncrt.Pending[int]()
}

func (f *FirstPollOnly) fire() {
	f.mu.Lock()
	f.done = true
	w := f.w
	f.mu.Unlock()
	w.Wake()
}

// ---- negative cases (the fixes) ----

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

type Yield struct{ yielded bool }

func (y *Yield) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if y.yielded {
		return asyncrt.Ready(0)
	}
	y.yielded = true
	cx.Waker().Wake()
	return asyncrt.Pending[int]()
}

type ThenFixed struct {
	first  asyncrt.Future[int]
	second func(int) asyncrt.Future[int]
	next   asyncrt.Future[int]
}

func (t *ThenFixed) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if t.next == nil {
		v, ok := t.first.Poll(cx).Value()
		if !ok {
			return asyncrt.Pending[int]()
		}
		t.next = t.second(v)
	}
	return t.next.Poll(cx)
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

type Ticks struct {
	mu    sync.Mutex
	items []int
	done  bool
	w     *asyncrt.Waker
}

func (t *Ticks) push(v int) {
	t.mu.Lock()
	t.items = append(t.items, v)
	w := t.w
	t.w = nil
	t.mu.Unlock()
	if w != nil {
		w.Wake()
	}
}

func (t *Ticks) close() {
	t.mu.Lock()
	t.done = true
	w := t.w
	t.w = nil
	t.mu.Unlock()
	if w != nil {
		w.Wake()
	}
}

func (t *Ticks) PollNext(cx *asyncrt.Context) asyncrt.Poll[asyncrt.Next[int]] {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.items) > 0 {
		v := t.items[0]
		t.items = t.items[1:]
		return asyncrt.Ready(asyncrt.Item(v))
	}
	if t.done {
		return asyncrt.Ready(asyncrt.Done[int]())
	}
	t.w = cx.Waker()
	return asyncrt.Pending[asyncrt.Next[int]]()
}

type FilterLoop struct {
	inner asyncrt.Stream[int]
	keep  func(int) bool
}

func (f *FilterLoop) PollNext(cx *asyncrt.Context) asyncrt.Poll[asyncrt.Next[int]] {
	for {
		n, ok := f.inner.PollNext(cx).Value()
		if !ok {
			return asyncrt.Pending[asyncrt.Next[int]]()
		}
		if !n.OK || f.keep(n.Value) {
			return asyncrt.Ready(n)
		}
	}
}

type Cell[T any] struct {
	mu sync.Mutex
	v  *T
	w  *asyncrt.Waker
}

func (c *Cell[T]) Set(v T) {
	c.mu.Lock()
	c.v = &v
	w := c.w
	c.mu.Unlock()
	if w != nil {
		w.Wake()
	}
}

func (c *Cell[T]) Poll(cx *asyncrt.Context) asyncrt.Poll[T] {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.v != nil {
		return asyncrt.Ready(*c.v)
	}
	c.w = cx.Waker()
	return asyncrt.Pending[T]()
}

type StaleFixed struct {
	mu   sync.Mutex
	w    *asyncrt.Waker
	done bool
}

func (s *StaleFixed) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return asyncrt.Ready(1)
	}
	if s.w == nil || !s.w.WillWake(cx.Waker()) {
		s.w = cx.Waker()
	}
	return asyncrt.Pending[int]()
}

func (s *StaleFixed) fire() {
	s.mu.Lock()
	s.done = true
	w := s.w
	s.mu.Unlock()
	w.Wake()
}

// ---- harness futures ----

// pollFn adapts a poll function to a Future.
type pollFn func(*asyncrt.Context) asyncrt.Poll[int]

func (f pollFn) Poll(cx *asyncrt.Context) asyncrt.Poll[int] { return f(cx) }

// asInt adapts a future of another type, delegating the poll.
type asInt[T any] struct{ f asyncrt.Future[T] }

func (a *asInt[T]) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if _, ok := a.f.Poll(cx).Value(); ok {
		return asyncrt.Ready(0)
	}
	return asyncrt.Pending[int]()
}

type readyFuture int

func (r readyFuture) Poll(*asyncrt.Context) asyncrt.Poll[int] { return asyncrt.Ready(int(r)) }

type readyString string

func (r readyString) Poll(*asyncrt.Context) asyncrt.Poll[string] { return asyncrt.Ready(string(r)) }

// eventFuture registers the waker of whatever Context polls it and is
// Ready once fired.
type eventFuture struct {
	mu    sync.Mutex
	w     *asyncrt.Waker
	fired bool
}

func (e *eventFuture) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.fired {
		return asyncrt.Ready(1)
	}
	e.w = cx.Waker()
	return asyncrt.Pending[int]()
}

func (e *eventFuture) fire() {
	e.mu.Lock()
	e.fired = true
	w := e.w
	e.mu.Unlock()
	if w != nil {
		w.Wake()
	}
}

// items is a stream that is always Ready: its items, then the end.
type items struct{ vs []int }

func (s *items) PollNext(*asyncrt.Context) asyncrt.Poll[asyncrt.Next[int]] {
	if len(s.vs) == 0 {
		return asyncrt.Ready(asyncrt.Done[int]())
	}
	v := s.vs[0]
	s.vs = s.vs[1:]
	return asyncrt.Ready(asyncrt.Item(v))
}

// sum drives a stream to its end (delegating each poll) and adds the items.
type sum struct {
	s   asyncrt.Stream[int]
	acc int
}

func (s *sum) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	for {
		n, ok := s.s.PollNext(cx).Value()
		if !ok {
			return asyncrt.Pending[int]()
		}
		if !n.OK {
			return asyncrt.Ready(s.acc)
		}
		s.acc += n.Value
	}
}

// pollOnce polls f once with its own task's Context and completes: f is left
// holding a waker of a task that is gone.
type pollOnce struct{ f asyncrt.Future[int] }

func (p *pollOnce) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	p.f.Poll(cx)
	return asyncrt.Ready(0)
}
