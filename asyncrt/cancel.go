package asyncrt

import (
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"weak"
)

// ErrCancelled is the error of WithCancel's future when its token was
// cancelled first.
var ErrCancelled = errors.New("asyncrt: cancelled")

// CancellationToken is a cancellation signal shared by tasks, with
// parent/child links (tokio-util's CancellationToken): cancelling a token
// cancels its children, and theirs, but never its parent. Tasks watch it
// with Cancelled (a future) or IsCancelled (a flag), and stop at a point of
// their choosing: cooperative cancellation, where Abort is forced.
//
// The zero value is not usable; make one with NewCancellationToken or Child.
// A token may be used from any goroutine.
type CancellationToken struct {
	cancelled atomic.Bool
	parent    *CancellationToken // keeps the chain to the root alive for a live child

	mu       sync.Mutex
	waiters  map[*cancelledFuture]*Waker
	children []weak.Pointer[CancellationToken]
	live     int // children alive at the last prune
}

// NewCancellationToken returns a token that is not cancelled.
func NewCancellationToken() *CancellationToken { return &CancellationToken{} }

// Child returns a new token that is cancelled when t is (at once, if t
// already is); cancelling the child does not cancel t. A parent holds its
// children weakly: a child nobody references any more is forgotten, so a
// long-lived parent with a child per request does not grow.
func (t *CancellationToken) Child() *CancellationToken {
	c := &CancellationToken{parent: t}
	t.mu.Lock()
	if t.cancelled.Load() {
		t.mu.Unlock()
		c.cancelled.Store(true)
		return c
	}
	if len(t.children) >= 2*t.live+8 {
		t.children = slices.DeleteFunc(t.children, func(p weak.Pointer[CancellationToken]) bool { return p.Value() == nil })
		t.live = len(t.children)
	}
	t.children = append(t.children, weak.Make(c))
	t.mu.Unlock()
	return c
}

// Cancel cancels t and its descendants and wakes every task waiting in
// Cancelled. Cancelling again does nothing.
func (t *CancellationToken) Cancel() {
	t.mu.Lock()
	if t.cancelled.Load() {
		t.mu.Unlock()
		return
	}
	t.cancelled.Store(true)
	waiters := t.waiters
	t.waiters = nil
	children := t.children
	t.children = nil
	t.mu.Unlock()
	for _, w := range waiters {
		w.Wake()
	}
	for _, p := range children {
		if c := p.Value(); c != nil {
			c.Cancel()
		}
	}
}

// IsCancelled reports whether t was cancelled (or one of its ancestors).
func (t *CancellationToken) IsCancelled() bool { return t.cancelled.Load() }

// Cancelled returns a future that is ready once t is cancelled. It is
// cancel-safe: dropping it (a Select that another case won) loses nothing,
// and any number of tasks may wait at once.
func (t *CancellationToken) Cancelled() Future[struct{}] { return &cancelledFuture{t: t} }

type cancelledFuture struct{ t *CancellationToken }

func (f *cancelledFuture) Poll(cx *Context) Poll[struct{}] {
	t := f.t
	if t.cancelled.Load() {
		return Ready(struct{}{})
	}
	w := cx.Waker()
	t.mu.Lock()
	if t.cancelled.Load() {
		t.mu.Unlock()
		return Ready(struct{}{})
	}
	if t.waiters == nil {
		t.waiters = make(map[*cancelledFuture]*Waker)
	}
	t.waiters[f] = w
	t.mu.Unlock()
	return Pending[struct{}]()
}

// Drop removes the future from the token's waiters.
func (f *cancelledFuture) Drop() {
	t := f.t
	t.mu.Lock()
	delete(t.waiters, f)
	t.mu.Unlock()
}

// WithCancel returns a future that runs f until t is cancelled: it is ready
// with f's value, or with Err == ErrCancelled when t is cancelled first, in
// which case f is dropped (an Async body unwinds from its await and its
// defers run). f is polled first, so a ready f wins even when t is
// cancelled (tokio-util's run_until_cancelled).
func WithCancel[T any](t *CancellationToken, f Future[T]) Future[Result[T]] {
	if t == nil || f == nil {
		panic("asyncrt: WithCancel called with a nil token or Future")
	}
	return &withCancel[T]{raced: raced[T]{f: f}, c: cancelledFuture{t: t}}
}

type withCancel[T any] struct {
	raced[T]
	c cancelledFuture
}

func (w *withCancel[T]) Poll(cx *Context) Poll[Result[T]] {
	return w.poll(cx, &w.c, ErrCancelled, "WithCancel")
}

// Drop drops the inner future and stops watching the token.
func (w *withCancel[T]) Drop() { w.dropWith(dropCx()) }

func (w *withCancel[T]) dropWith(cx *Context) { w.drop(cx, &w.c) }

// Scope is a group of tasks that cannot outlive the async function that
// made it: structured concurrency. WithScope runs a body with a new scope;
// tasks spawned with SpawnScoped are all finished when WithScope returns.
type Scope struct {
	rt    *Runtime
	token *CancellationToken

	mu     sync.Mutex
	tasks  map[*header]struct{} // live tasks whose handle is known, to abort them
	live   int                  // tasks spawned and not finished
	ended  bool                 // WithScope returned: no more spawns
	waiter *Waker               // WithScope waiting for live to reach 0
}

// WithScope runs body with a new Scope and returns body's value once every
// task spawned in the scope has finished (an await point):
//
//   - when body returns, WithScope waits for the scope's tasks to finish
//     (call sc.Cancel first to abort them instead);
//   - when body panics, the tasks are aborted and WithScope waits for them
//     to unwind before the panic goes on;
//   - when the task running WithScope is itself cancelled (aborted, or the
//     runtime closes), the scope's tasks are aborted too; they unwind on
//     their workers after WithScope has unwound, since a cancelled async
//     function cannot await any more.
//
// The scope's Token is cancelled when the scope ends, so tasks that watch it
// can stop cooperatively.
func WithScope[T any](co *Co, body func(co *Co, sc *Scope) T) T {
	if body == nil {
		panic("asyncrt: WithScope called with a nil body")
	}
	cx := co.running()
	if cx.rt == nil {
		panic("asyncrt: WithScope in an async function that is not running on an asyncrt Runtime")
	}
	sc := &Scope{rt: cx.rt, token: NewCancellationToken(), tasks: make(map[*header]struct{})}
	finished := false
	defer func() {
		if finished {
			return
		}
		// body panicked, called runtime.Goexit, or this async function is
		// being cancelled: abort the tasks.
		sc.Cancel()
		r := recover()
		if r == nil { // runtime.Goexit: no await is possible
			sc.end()
			return
		}
		if r != errCancelUnwind {
			Await(co, (*scopeDone)(sc))
		}
		sc.end()
		panic(r)
	}()
	v := body(co, sc)
	Await(co, (*scopeDone)(sc))
	sc.end()
	finished = true
	return v
}

func (sc *Scope) end() {
	sc.mu.Lock()
	sc.ended = true
	sc.mu.Unlock()
	sc.token.Cancel()
}

// SpawnScoped spawns f as a task of the scope sc: WithScope does not return
// before it has finished. The handle works like Spawn's (Join, Abort). It
// may be called from any task while the scope's body runs, including the
// scope's own tasks; it panics once WithScope has returned.
//
//go:noinline
func SpawnScoped[T any](sc *Scope, f Future[T]) *JoinHandle[T] {
	if sc == nil {
		panic("asyncrt: SpawnScoped with a nil *Scope")
	}
	if f == nil {
		panic("asyncrt: SpawnScoped called with a nil Future")
	}
	sf := &scopedFuture[T]{f: f, sc: sc}
	sc.mu.Lock()
	if sc.ended {
		sc.mu.Unlock()
		panic("asyncrt: SpawnScoped on a scope that has ended (the *Scope escaped its WithScope body)")
	}
	sc.live++
	sc.mu.Unlock()
	h := spawnTask[T](sc.rt, "", sf, siteSpawnScoped)
	sc.mu.Lock()
	if !sf.finished {
		sf.hdr = &h.hdr
		sc.tasks[&h.hdr] = struct{}{}
	}
	sc.mu.Unlock()
	return h
}

// Cancel aborts every task of the scope that has not finished and cancels
// the scope's Token. Tasks spawned afterwards run normally.
func (sc *Scope) Cancel() {
	sc.token.Cancel()
	sc.mu.Lock()
	hs := make([]*header, 0, len(sc.tasks))
	for t := range sc.tasks {
		hs = append(hs, t)
	}
	sc.mu.Unlock()
	for _, t := range hs {
		t.abort()
	}
}

// Token returns the scope's cancellation token: cancelled by Cancel, and
// when the scope ends.
func (sc *Scope) Token() *CancellationToken { return sc.token }

// Len returns the number of the scope's tasks that have not finished.
func (sc *Scope) Len() int {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return sc.live
}

// scopeDone is ready when the scope has no live task.
type scopeDone Scope

func (d *scopeDone) Poll(cx *Context) Poll[struct{}] {
	sc := (*Scope)(d)
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.live == 0 {
		sc.waiter = nil
		return Ready(struct{}{})
	}
	sc.waiter = cx.Waker()
	return Pending[struct{}]()
}

// Drop forgets the waiter.
func (d *scopeDone) Drop() {
	sc := (*Scope)(d)
	sc.mu.Lock()
	sc.waiter = nil
	sc.mu.Unlock()
}

// scopedFuture wraps a scope's task to count it out when it finishes, by
// any path: ready, panicked, or dropped (aborted, refused at Close).
type scopedFuture[T any] struct {
	scopeMember
	f  Future[T]
	sc *Scope
}

// scopeMember is the scope's record of one task; guarded by the scope's mu.
type scopeMember struct {
	hdr      *header
	finished bool
}

func (s *scopedFuture[T]) Poll(cx *Context) Poll[T] {
	ok := false
	defer func() {
		if !ok { // the task panicked: it is finished
			s.sc.taskDone(&s.scopeMember)
		}
	}()
	p := s.f.Poll(cx)
	ok = true
	if p.ready {
		s.f = nil
		s.sc.taskDone(&s.scopeMember)
	}
	return p
}

func (s *scopedFuture[T]) Drop() { s.dropWith(dropCx()) }

func (s *scopedFuture[T]) dropWith(cx *Context) {
	f := s.f
	s.f = nil
	defer s.sc.taskDone(&s.scopeMember)
	if f != nil {
		dropFuture(f, cx)
	}
}

func (sc *Scope) taskDone(m *scopeMember) {
	sc.mu.Lock()
	if m.finished {
		sc.mu.Unlock()
		return
	}
	m.finished = true
	if m.hdr != nil {
		delete(sc.tasks, m.hdr)
	}
	sc.live--
	var w *Waker
	if sc.live == 0 {
		w, sc.waiter = sc.waiter, nil
	}
	sc.mu.Unlock()
	if w != nil {
		w.Wake()
	}
}
