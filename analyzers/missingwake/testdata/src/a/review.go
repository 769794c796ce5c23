package a

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/asynclint/asynclint/asyncrt"
	"reg"
)

// RetryLoop spins a few times and then gives up without registering.
type RetryLoop struct{ ready atomic.Bool }

func (r *RetryLoop) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	for i := 0; i < 3; i++ {
		if r.ready.Load() {
			return asyncrt.Ready(1)
		}
	}
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering cx.Waker`
}

// SyncMapWaiters keeps the waker in a sync.Map field: registered.
type SyncMapWaiters struct {
	id      int
	waiters *sync.Map
	done    atomic.Bool
}

func (s *SyncMapWaiters) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if s.done.Load() {
		return asyncrt.Ready(s.id)
	}
	s.waiters.Store(s.id, cx.Waker())
	return asyncrt.Pending[int]()
}

func (s *SyncMapWaiters) fire() {
	s.done.Store(true)
	if w, ok := s.waiters.Load(s.id); ok {
		w.(*asyncrt.Waker).Wake()
	}
}

// AtomicEvery stores the waker on every poll: fine.
type AtomicEvery struct {
	w    atomic.Pointer[asyncrt.Waker]
	done atomic.Bool
}

func (a *AtomicEvery) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if a.done.Load() {
		return asyncrt.Ready(1)
	}
	a.w.Store(cx.Waker())
	return asyncrt.Pending[int]()
}

func (a *AtomicEvery) fire() {
	a.done.Store(true)
	if w := a.w.Load(); w != nil {
		w.Wake()
	}
}

// ChanDefault tries to hand the waker to a registration channel; when the
// channel is full the send is skipped and nothing is registered.
type ChanDefault struct {
	reg  chan *asyncrt.Waker
	done atomic.Bool
}

func (c *ChanDefault) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if c.done.Load() {
		return asyncrt.Ready(1)
	}
	select {
	case c.reg <- cx.Waker():
		return asyncrt.Pending[int]()
	default:
		return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering cx.Waker`
	}
}

// TimerWake wakes from a time.AfterFunc closure: registered.
type TimerWake struct {
	armed bool
	fired atomic.Bool
}

func (t *TimerWake) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if t.fired.Load() {
		return asyncrt.Ready(1)
	}
	if !t.armed {
		t.armed = true
		w := cx.Waker()
		time.AfterFunc(time.Millisecond, func() { t.fired.Store(true); w.Wake() })
		return asyncrt.Pending[int]()
	}
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering cx.Waker`
}

// FieldRegistrar registers through a method of a field whose type lives in
// another package, known by its fact.
type FieldRegistrar struct {
	src  *reg.Source
	done atomic.Bool
}

func (f *FieldRegistrar) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if f.done.Load() {
		return asyncrt.Ready(1)
	}
	f.src.Subscribe(cx.Waker())
	return asyncrt.Pending[int]()
}

// FieldDescribe hands the waker to a foreign method that only prints it.
type FieldDescribe struct{ done atomic.Bool }

func (f *FieldDescribe) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if f.done.Load() {
		return asyncrt.Ready(1)
	}
	_ = reg.Describe(cx.Waker())
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering cx.Waker`
}

// LockedQueue stores the waker under the lock, then finds the queue empty.
type LockedQueue struct {
	mu    sync.Mutex
	items []int
	w     *asyncrt.Waker
}

func (q *LockedQueue) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.w = cx.Waker()
	if len(q.items) == 0 {
		return asyncrt.Pending[int]()
	}
	v := q.items[0]
	q.items = q.items[1:]
	return asyncrt.Ready(v)
}

func (q *LockedQueue) push(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	w := q.w
	q.mu.Unlock()
	if w != nil {
		w.Wake()
	}
}

// SleepDelay delegates to a stored asyncrt.Sleep future.
type SleepDelay struct {
	sleep asyncrt.Future[struct{}]
}

func (d *SleepDelay) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if d.sleep == nil {
		d.sleep = asyncrt.Sleep(time.Millisecond)
	}
	if !d.sleep.Poll(cx).IsReady() {
		return asyncrt.Pending[int]()
	}
	return asyncrt.Ready(1)
}

// Forward returns the child's Poll directly.
type Forward struct{ inner asyncrt.Future[int] }

func (f *Forward) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	return f.inner.Poll(cx)
}

// GoWake wakes from a new goroutine: the wake will happen, a yield.
type GoWake struct{ n int }

func (g *GoWake) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if g.n > 0 {
		return asyncrt.Ready(g.n)
	}
	g.n++
	go cx.Waker().Wake()
	return asyncrt.Pending[int]()
}

// Lines is a stream that returns Pending without registering.
type Lines struct{ buf []string }

func (l *Lines) PollNext(cx *asyncrt.Context) asyncrt.Poll[asyncrt.Next[string]] {
	if len(l.buf) > 0 {
		s := l.buf[0]
		l.buf = l.buf[1:]
		return asyncrt.Ready(asyncrt.Item(s))
	}
	return asyncrt.Pending[asyncrt.Next[string]]() // want `returns Pending at line \d+ without registering cx.Waker`
}

// MapF is a generic wrapper delegating to its child.
type MapF[T, U any] struct {
	f  asyncrt.Future[T]
	fn func(T) U
}

func (m *MapF[T, U]) Poll(cx *asyncrt.Context) asyncrt.Poll[U] {
	p := m.f.Poll(cx)
	v, ok := p.Value()
	if !ok {
		return asyncrt.Pending[U]()
	}
	return asyncrt.Ready(m.fn(v))
}

// MapBroken is a generic wrapper that forgets the child on one path.
type MapBroken[T, U any] struct {
	f     asyncrt.Future[T]
	fn    func(T) U
	pause bool
}

func (m *MapBroken[T, U]) Poll(cx *asyncrt.Context) asyncrt.Poll[U] {
	if m.pause {
		return asyncrt.Pending[U]() // want `returns Pending at line \d+ without registering cx.Waker`
	}
	if v, ok := m.f.Poll(cx).Value(); ok {
		return asyncrt.Ready(m.fn(v))
	}
	return asyncrt.Pending[U]()
}

func notYet[T any]() asyncrt.Poll[T] {
	var zero asyncrt.Poll[T]
	return zero
}

// HelperPending returns Pending through a local helper.
type HelperPending struct{ ok bool }

func (h *HelperPending) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if h.ok {
		return asyncrt.Ready(1)
	}
	return notYet[int]() // want `returns Pending at line \d+ without registering cx.Waker`
}

// Waiters keeps every waker in a slice field that a signal drains: fine.
type Waiters struct {
	mu   sync.Mutex
	list []*asyncrt.Waker
	set  bool
}

func (w *Waiters) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.set {
		return asyncrt.Ready(1)
	}
	w.list = append(w.list, cx.Waker())
	return asyncrt.Pending[int]()
}

func (w *Waiters) signal() {
	w.mu.Lock()
	w.set = true
	list := w.list
	w.list = nil
	w.mu.Unlock()
	for _, x := range list {
		x.Wake()
	}
}

// LocalWaiters appends to a local copy that dies with the call.
type LocalWaiters struct{ set bool }

func (w *LocalWaiters) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if w.set {
		return asyncrt.Ready(1)
	}
	var list []*asyncrt.Waker
	list = append(list, cx.Waker())
	_ = len(list)
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering cx.Waker`
}

// StaleAtomic stores into an atomic pointer only when it is empty.
type StaleAtomic struct {
	w    atomic.Pointer[asyncrt.Waker]
	done atomic.Bool
}

func (s *StaleAtomic) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if s.done.Load() {
		return asyncrt.Ready(1)
	}
	s.w.CompareAndSwap(nil, cx.Waker()) // limitation: stale registration through an atomic CompareAndSwap is not recognized
	return asyncrt.Pending[int]()
}

func (s *StaleAtomic) fire() {
	s.done.Store(true)
	if w := s.w.Load(); w != nil {
		w.Wake()
	}
}

// StaleByID stores the waker in a map only the first time.
type StaleByID struct {
	waiters map[int]*asyncrt.Waker
	id      int
	done    bool
}

func (s *StaleByID) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if s.done {
		return asyncrt.Ready(s.id)
	}
	if _, ok := s.waiters[s.id]; !ok {
		// limitation: a map entry stored only when absent is not reported
		// as stale; the path where the entry exists is reported instead as
		// a Pending without registration, which it is for this poll.
		s.waiters[s.id] = cx.Waker()
	}
	return asyncrt.Pending[int]() // want `returns Pending at line \d+ without registering cx.Waker`
}

func (s *StaleByID) fire() {
	s.done = true
	for _, w := range s.waiters {
		w.Wake()
	}
}

// StaleFirst keeps the first waker only: stale.
type StaleFirst struct {
	w    *asyncrt.Waker
	done atomic.Bool
}

func (s *StaleFirst) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if s.done.Load() {
		return asyncrt.Ready(1)
	}
	if s.w == nil {
		s.w = cx.Waker() // want `stale`
	}
	return asyncrt.Pending[int]()
}

func (s *StaleFirst) fire() { s.done.Store(true); s.w.Wake() }

// NeverWoken stores the waker in a field nothing reads: lost.
type NeverWoken struct {
	w    *asyncrt.Waker
	done atomic.Bool
}

func (n *NeverWoken) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if n.done.Load() {
		return asyncrt.Ready(1)
	}
	n.w = cx.Waker() // want `lost|never`
	return asyncrt.Pending[int]()
}

// WakeThenPending wakes right away: a yield.
type WakeThenPending struct{ yielded bool }

func (w *WakeThenPending) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	if w.yielded {
		return asyncrt.Ready(1)
	}
	w.yielded = true
	waker := cx.Waker()
	waker.Wake()
	return asyncrt.Pending[int]()
}
