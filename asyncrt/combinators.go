package asyncrt

import (
	"fmt"
	"slices"
	"sync/atomic"
)

// Combinators: futures made of futures, polled inside the task that awaits
// them (no task is spawned, so they cost no scheduling and share the
// caller's worker, like futures-rs's join!/select!).
//
// Each child is polled with its own waker, so a wake of one child re-polls
// that child only: JoinAll of n futures costs O(1) per wake, not O(n). The
// children run on the parent's worker with the parent's cooperative budget
// (one Await of a child consumes the budget of the task as a whole).
//
// Abandoned children are dropped (Drop): a started Async body unwinds from
// its await and its defers run before the combinator returns, a Sleep
// disarms its timer, a nested combinator drops its own children. A panic in
// one child drops its siblings and then propagates.
//
// Cancel safety (Tokio's term): a future is cancel-safe when dropping it
// before it completes loses nothing, so the operation can be retried by
// polling a new future. The losers of Select and Race are dropped as soon as
// a winner is ready, and a dropped future is finished: an Async future
// panics if polled again, so passing the same future to Select in the next
// iteration does not keep its work. In a loop around Select, use only
// cancel-safe futures (a channel's RecvFuture, Sleep, Tick, JoinNext), or
// spawn the work once and select on its JoinHandle, which a lost Select
// detaches instead of cancelling (spawn the next task only after one
// completed). docs/runtime.md has the table for the library's operations.

// branches gives each child of a combinator its own waker and Context.
type branches struct {
	parent atomic.Pointer[Waker] // the combinator's waker, from its last poll
	kids   []branch
}

type branch struct {
	cx    Context     // the parent's runtime and worker, this branch's waker
	woken atomic.Bool // woken since its last poll (or never polled)
	set   *branches
	waker Waker
}

func (k *branch) wake() {
	k.woken.Store(true)
	if p := k.set.parent.Load(); p != nil {
		p.Wake()
	}
}

func (b *branches) init(n int) {
	b.kids = make([]branch, n)
	for i := range b.kids {
		k := &b.kids[i]
		k.set = b
		k.woken.Store(true)
		k.waker.fn = k.wake
		k.cx.waker = &k.waker
	}
}

// register keeps the waker the combinator is polled with, before any child
// is polled, so that no child's wake can be lost.
func (b *branches) register(cx *Context) {
	w := cx.Waker()
	if p := b.parent.Load(); p == nil || !p.WillWake(w) {
		b.parent.Store(w)
	}
}

// take reports whether branch i must be polled: it was woken since its last
// poll, or was never polled.
func (b *branches) take(i int) bool { return b.kids[i].woken.Swap(false) }

// enter returns the Context to poll branch i with: the parent's runtime,
// worker, coroutine and budget, with the branch's own waker.
func (b *branches) enter(i int, cx *Context) *Context {
	k := &b.kids[i].cx
	k.rt, k.worker, k.co, k.budget = cx.rt, cx.worker, cx.co, cx.budget
	return k
}

// leave hands the budget the branch consumed back to the parent.
func (b *branches) leave(i int, cx *Context) {
	k := &b.kids[i].cx
	cx.budget = k.budget
	k.co = nil
}

// dropCx is the Context a combinator dropped by Drop (not by a runtime)
// drops its children with.
func dropCx() *Context { return &Context{waker: noopWaker, budget: -1} }

func checkFutures[T any](what string, fs []Future[T]) []Future[T] {
	for i, f := range fs {
		if f == nil {
			panic(fmt.Sprintf("asyncrt: %s called with a nil Future at index %d", what, i))
		}
	}
	return slices.Clone(fs)
}

// dropAll drops every future of fs that is still there, except skip.
func dropAll[T any](fs []Future[T], skip int, cx *Context) {
	for i, f := range fs {
		if f != nil && i != skip {
			fs[i] = nil
			dropFuture(f, cx)
		}
	}
}

// JoinAll returns a future that polls every future of fs concurrently, in
// the calling task, and is ready with all their values, in the order of fs,
// once all are ready (futures::future::join_all). An empty fs is ready at
// once with an empty slice.
func JoinAll[T any](fs ...Future[T]) Future[[]T] {
	return &joinAllFuture[T]{fs: checkFutures("JoinAll", fs), left: len(fs)}
}

type joinAllFuture[T any] struct {
	fs   []Future[T]
	out  []T
	br   branches
	left int
	done bool
}

func (j *joinAllFuture[T]) Poll(cx *Context) Poll[[]T] {
	if j.done {
		panic("asyncrt: JoinAll future polled after it completed")
	}
	if j.out == nil {
		j.out = make([]T, len(j.fs))
		j.br.init(len(j.fs))
	}
	if j.left > 0 {
		j.br.register(cx)
	}
	cur := -1
	defer func() {
		if cur >= 0 { // a child panicked: drop its siblings, let it propagate
			j.done = true
			dropAll(j.fs, cur, cx)
		}
	}()
	for i, f := range j.fs {
		if f == nil || !j.br.take(i) {
			continue
		}
		cur = i
		p := f.Poll(j.br.enter(i, cx))
		cur = -1
		j.br.leave(i, cx)
		if p.ready {
			j.out[i] = p.value
			j.fs[i] = nil
			j.left--
		}
	}
	if j.left > 0 {
		return Pending[[]T]()
	}
	j.done = true
	return Ready(j.out)
}

// Drop drops the futures that have not completed.
func (j *joinAllFuture[T]) Drop() { j.dropWith(dropCx()) }

func (j *joinAllFuture[T]) dropWith(cx *Context) {
	if !j.done {
		j.done = true
		dropAll(j.fs, -1, cx)
	}
}

// TryJoinAll is JoinAll for fallible futures: it is ready with all the
// values once every future succeeded, or with the first error as soon as
// one fails, in which case the others are dropped at once (an Async body
// unwinds and its defers run; futures::future::try_join_all). A JoinHandle
// dropped this way detaches its task, as always: wrap it in AbortOnDrop to
// abort the task instead.
func TryJoinAll[T any](fs ...Future[Result[T]]) Future[Result[[]T]] {
	return &tryJoinAllFuture[T]{fs: checkFutures("TryJoinAll", fs), left: len(fs)}
}

type tryJoinAllFuture[T any] struct {
	fs   []Future[Result[T]]
	out  []T
	br   branches
	left int
	done bool
}

func (j *tryJoinAllFuture[T]) Poll(cx *Context) Poll[Result[[]T]] {
	if j.done {
		panic("asyncrt: TryJoinAll future polled after it completed")
	}
	if j.out == nil {
		j.out = make([]T, len(j.fs))
		j.br.init(len(j.fs))
	}
	if j.left > 0 {
		j.br.register(cx)
	}
	cur := -1
	defer func() {
		if cur >= 0 {
			j.done = true
			dropAll(j.fs, cur, cx)
		}
	}()
	for i, f := range j.fs {
		if f == nil || !j.br.take(i) {
			continue
		}
		cur = i
		p := f.Poll(j.br.enter(i, cx))
		cur = -1
		j.br.leave(i, cx)
		if !p.ready {
			continue
		}
		j.fs[i] = nil
		if p.value.Err != nil {
			j.done = true
			dropAll(j.fs, -1, cx)
			return Ready(Result[[]T]{Err: p.value.Err})
		}
		j.out[i] = p.value.Value
		j.left--
	}
	if j.left > 0 {
		return Pending[Result[[]T]]()
	}
	j.done = true
	return Ready(Result[[]T]{Value: j.out})
}

// Drop drops the futures that have not completed.
func (j *tryJoinAllFuture[T]) Drop() { j.dropWith(dropCx()) }

func (j *tryJoinAllFuture[T]) dropWith(cx *Context) {
	if !j.done {
		j.done = true
		dropAll(j.fs, -1, cx)
	}
}

// Pair holds the values of two futures joined by Join.
type Pair[A, B any] struct {
	First  A
	Second B
}

// Join returns a future that polls a and b concurrently, in the calling
// task, and is ready with both values once both are ready (futures' join!).
// For more than two futures of one type, use JoinAll.
func Join[A, B any](a Future[A], b Future[B]) Future[Pair[A, B]] {
	if a == nil || b == nil {
		panic("asyncrt: Join called with a nil Future")
	}
	return &joinFuture[A, B]{a: a, b: b}
}

type joinFuture[A, B any] struct {
	a    Future[A]
	b    Future[B]
	out  Pair[A, B]
	br   branches
	done bool
}

func (j *joinFuture[A, B]) Poll(cx *Context) Poll[Pair[A, B]] {
	if j.done {
		panic("asyncrt: Join future polled after it completed")
	}
	if j.br.kids == nil {
		j.br.init(2)
	}
	j.br.register(cx)
	ok := false
	defer func() {
		if !ok { // a child panicked: drop both (the panicking Async already finished)
			j.dropWith(cx)
		}
	}()
	if j.a != nil && j.br.take(0) {
		p := j.a.Poll(j.br.enter(0, cx))
		j.br.leave(0, cx)
		if p.ready {
			j.out.First, j.a = p.value, nil
		}
	}
	if j.b != nil && j.br.take(1) {
		p := j.b.Poll(j.br.enter(1, cx))
		j.br.leave(1, cx)
		if p.ready {
			j.out.Second, j.b = p.value, nil
		}
	}
	ok = true
	if j.a != nil || j.b != nil {
		return Pending[Pair[A, B]]()
	}
	j.done = true
	return Ready(j.out)
}

// Drop drops the futures that have not completed.
func (j *joinFuture[A, B]) Drop() { j.dropWith(dropCx()) }

func (j *joinFuture[A, B]) dropWith(cx *Context) {
	if j.done {
		return
	}
	j.done = true
	a, b := j.a, j.b
	j.a, j.b = nil, nil
	if a != nil {
		dropFuture(a, cx)
	}
	if b != nil {
		dropFuture(b, cx)
	}
}

// Race returns a future that polls every future of fs concurrently and is
// ready with the value of the first one to be ready; the others are dropped
// at that moment (futures::future::select_all without the rest). Futures
// are polled in the order of fs, so when several are ready at the same poll
// the first in fs wins. To race futures of different types, or to know which
// one won, use Select. The losers are finished once dropped, so in a loop
// race only cancel-safe futures or JoinHandles of work spawned once, as
// with Select. Race panics when fs is empty (it would never complete).
func Race[T any](fs ...Future[T]) Future[T] {
	if len(fs) == 0 {
		panic("asyncrt: Race called with no futures (it would never complete)")
	}
	return &raceFuture[T]{fs: checkFutures("Race", fs)}
}

type raceFuture[T any] struct {
	fs   []Future[T]
	br   branches
	done bool
}

func (r *raceFuture[T]) Poll(cx *Context) Poll[T] {
	if r.done {
		panic("asyncrt: Race future polled after it completed")
	}
	if r.br.kids == nil {
		r.br.init(len(r.fs))
	}
	r.br.register(cx)
	cur := -1
	defer func() {
		if cur >= 0 {
			r.done = true
			dropAll(r.fs, cur, cx)
		}
	}()
	for i, f := range r.fs {
		if !r.br.take(i) {
			continue
		}
		cur = i
		p := f.Poll(r.br.enter(i, cx))
		cur = -1
		r.br.leave(i, cx)
		if p.ready {
			r.done = true
			r.fs[i] = nil
			dropAll(r.fs, -1, cx)
			return p
		}
	}
	return Pending[T]()
}

// Drop drops every future.
func (r *raceFuture[T]) Drop() { r.dropWith(dropCx()) }

func (r *raceFuture[T]) dropWith(cx *Context) {
	if !r.done {
		r.done = true
		dropAll(r.fs, -1, cx)
	}
}

// SelectCase is one branch of Select: a future and what to do with its
// value. Make one with Case.
type SelectCase interface {
	pollCase(cx *Context) bool
	dropCase(cx *Context)
	fire()
}

// Case returns a Select branch that waits for f and, if f wins, calls then
// with its value (then may be nil). then runs inside the poll of the Select
// future, on the worker, after the losers were dropped: it must not block,
// and it cannot await (use the index Select returns to continue in the
// async function).
func Case[T any](f Future[T], then func(T)) SelectCase {
	if f == nil {
		panic("asyncrt: Case called with a nil Future")
	}
	return &selectCase[T]{f: f, then: then}
}

type selectCase[T any] struct {
	f    Future[T]
	then func(T)
	v    T
}

func (c *selectCase[T]) pollCase(cx *Context) bool {
	p := c.f.Poll(cx)
	if p.ready {
		c.v = p.value
		c.f = nil
	}
	return p.ready
}

func (c *selectCase[T]) dropCase(cx *Context) {
	if f := c.f; f != nil {
		c.f = nil
		dropFuture(f, cx)
	}
}

func (c *selectCase[T]) fire() {
	if c.then != nil {
		c.then(c.v)
	}
}

// Select returns a future that waits for the first of its cases to be ready
// (Tokio's select!): the futures of the other cases are dropped at once (an
// Async body unwinds from its await and its defers run, a Sleep disarms),
// then the winner's handler runs, and the future is ready with the winner's
// index. Cases of different value types mix freely:
//
//	switch asyncrt.Await(co, asyncrt.Select(
//		asyncrt.Case(fetch(url), func(body string) { got = body }),
//		asyncrt.Case(asyncrt.Sleep(time.Second), nil),
//	)) {
//	case 1: // timed out: fetch was dropped
//	}
//
// Like select!, each poll starts with a randomly chosen case so that a case
// that is always ready cannot starve the others (on a seeded runtime the
// choice comes from the seed, so it is replayed); SelectBiased polls in
// order. A loser loses whatever it had done but not returned, and cannot be
// polled again (an Async future panics). In a loop, use cancel-safe futures
// (see docs/runtime.md), such as a channel's RecvFuture, or spawn the work
// once and select on its JoinHandle, which survives a lost Select (the task
// is detached, not cancelled). Select panics with no cases (it would never
// complete).
func Select(cases ...SelectCase) Future[int] {
	return newSelect(cases, false)
}

// SelectBiased is Select polling the cases in order, so that the first
// ready case in the list wins (select! with biased;).
func SelectBiased(cases ...SelectCase) Future[int] {
	return newSelect(cases, true)
}

func newSelect(cases []SelectCase, biased bool) *selectFuture {
	if len(cases) == 0 {
		panic("asyncrt: Select called with no cases (it would never complete)")
	}
	for i, c := range cases {
		if c == nil {
			panic(fmt.Sprintf("asyncrt: Select called with a nil case at index %d", i))
		}
	}
	return &selectFuture{cases: slices.Clone(cases), biased: biased}
}

type selectFuture struct {
	cases  []SelectCase
	br     branches
	biased bool
	done   bool
}

func (s *selectFuture) Poll(cx *Context) Poll[int] {
	if s.done {
		panic("asyncrt: Select future polled after it completed")
	}
	n := len(s.cases)
	if s.br.kids == nil {
		s.br.init(n)
	}
	s.br.register(cx)
	start := 0
	if !s.biased {
		start = cx.randIntn(n)
	}
	cur := -1
	defer func() {
		if cur >= 0 {
			s.dropCases(cur, cx)
		}
	}()
	for k := range n {
		i := (start + k) % n
		if !s.br.take(i) {
			continue
		}
		cur = i
		ready := s.cases[i].pollCase(s.br.enter(i, cx))
		cur = -1
		s.br.leave(i, cx)
		if ready {
			s.dropCases(i, cx)
			s.cases[i].fire()
			return Ready(i)
		}
	}
	return Pending[int]()
}

func (s *selectFuture) dropCases(winner int, cx *Context) {
	s.done = true
	for i, c := range s.cases {
		if i != winner {
			c.dropCase(cx)
		}
	}
}

// Drop drops every case's future.
func (s *selectFuture) Drop() { s.dropWith(dropCx()) }

func (s *selectFuture) dropWith(cx *Context) {
	if !s.done {
		s.dropCases(-1, cx)
	}
}

// Map returns a future of fn applied to f's value (futures' map). fn runs
// in the poll, on the worker: it must not block.
func Map[T, U any](f Future[T], fn func(T) U) Future[U] {
	if f == nil || fn == nil {
		panic("asyncrt: Map called with a nil Future or function")
	}
	return &mapFuture[T, U]{f: f, fn: fn}
}

type mapFuture[T, U any] struct {
	f  Future[T]
	fn func(T) U
}

func (m *mapFuture[T, U]) Poll(cx *Context) Poll[U] {
	if m.f == nil {
		panic("asyncrt: Map future polled after it completed")
	}
	p := m.f.Poll(cx)
	if !p.ready {
		return Pending[U]()
	}
	m.f = nil
	return Ready(m.fn(p.value))
}

// Drop drops the inner future if it has not completed.
func (m *mapFuture[T, U]) Drop() { m.dropWith(dropCx()) }

func (m *mapFuture[T, U]) dropWith(cx *Context) {
	if f := m.f; f != nil {
		m.f = nil
		dropFuture(f, cx)
	}
}

// ReadyFuture returns a future that is ready with v at its first poll
// (futures::future::ready). It is named so because Ready makes a Poll, not
// a Future.
func ReadyFuture[T any](v T) Future[T] { return readyValue[T]{v} }

type readyValue[T any] struct{ v T }

func (r readyValue[T]) Poll(*Context) Poll[T] { return Ready(r.v) }

// Never returns a future that is never ready (futures::future::pending):
// a Select case that never wins, a task that waits until it is aborted.
func Never[T any]() Future[T] { return never[T]{} }

type never[T any] struct{}

// Poll returns Pending without keeping the waker: nothing will ever wake
// it, on purpose. (A task that awaits Never directly, with no other waker
// alive, is reported by the lost-waker detector, which is right: only Abort
// can end it. Inside a combinator it is not, since the combinator keeps the
// task's waker for its other children.)
func (never[T]) Poll(*Context) Poll[T] { return Pending[T]() }

// Lazy returns a future that calls fn at its first poll and is ready with
// its value (futures::future::lazy): the work is deferred until the future
// is awaited, and does not happen if it never is. fn runs on the worker: it
// must not block.
func Lazy[T any](fn func() T) Future[T] {
	if fn == nil {
		panic("asyncrt: Lazy called with a nil function")
	}
	return &lazyFuture[T]{fn: fn}
}

type lazyFuture[T any] struct{ fn func() T }

func (l *lazyFuture[T]) Poll(*Context) Poll[T] {
	fn := l.fn
	if fn == nil {
		panic("asyncrt: Lazy future polled after it completed")
	}
	l.fn = nil
	return Ready(fn())
}

// PollFn returns a future whose Poll calls fn (std::future::poll_fn): a
// hand-written future without a type. fn follows Poll's contract: when it
// returns Pending, it must have arranged for cx.Waker() to be woken.
func PollFn[T any](fn func(cx *Context) Poll[T]) Future[T] {
	if fn == nil {
		panic("asyncrt: PollFn called with a nil function")
	}
	return pollFnFuture[T](fn)
}

type pollFnFuture[T any] func(cx *Context) Poll[T]

func (f pollFnFuture[T]) Poll(cx *Context) Poll[T] { return f(cx) }

// AbortOnDrop returns a future of h's Result that aborts h's task when it
// is dropped before the task finished (tokio-util's AbortOnDropHandle). A
// plain JoinHandle dropped by a combinator (a Select loser, the rest of a
// failed TryJoinAll) detaches its task, which keeps running; wrapped, the
// task is aborted with it.
func AbortOnDrop[T any](h *JoinHandle[T]) Future[Result[T]] {
	if h == nil {
		panic("asyncrt: AbortOnDrop called with a nil *JoinHandle")
	}
	return &abortOnDrop[T]{h: h}
}

type abortOnDrop[T any] struct {
	h    *JoinHandle[T]
	done bool
}

func (a *abortOnDrop[T]) Poll(cx *Context) Poll[Result[T]] {
	p := a.h.Poll(cx)
	if p.ready {
		a.done = true
	}
	return p
}

// Drop aborts the task unless its Result was already returned.
func (a *abortOnDrop[T]) Drop() {
	if !a.done {
		a.done = true
		a.h.Abort()
	}
}
