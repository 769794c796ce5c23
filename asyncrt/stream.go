package asyncrt

import (
	"iter"
	"slices"
	"time"
)

// Streams: Stream[T] (poll.go) is the asynchronous iterator, Rust's
// Stream/AsyncIterator. Generate writes one as a plain loop; the adapters
// below transform one into another; Collect, ForEach, NextItem and Iter
// consume one.
//
// Ownership: a consumer (Collect, ForEach, Iter) or an adapter takes the
// stream it is given over, and drops it (Drop) when it is itself dropped or
// stops early, the way Rust moves a stream into its consumer. A Generate
// stream abandoned without a Drop keeps its suspended body (a parked
// coroutine) until the program ends.

// Generate returns a stream whose items are produced by body, written as a
// plain loop that calls yield for each item (the Go counterpart of Rust's
// async_stream! / gen async blocks):
//
//	s := asyncrt.Generate(func(co *asyncrt.Co, yield func(int)) {
//		for i := range 3 {
//			asyncrt.Await(co, asyncrt.Sleep(time.Second))
//			yield(i)
//		}
//	})
//
// body is an async function: it runs as a coroutine, on the worker polling
// the stream, only when the consumer asks for the next item, and it may
// await. yield hands the item over and suspends the body until the next
// item is asked for (so production never runs ahead of consumption); the
// stream ends when body returns. yield must be called by body itself (not
// from a nested async function with another *Co, nor another goroutine).
// Dropping the stream unwinds a started body from its yield or await, so
// its defers run. PollNext is cancel-safe: nothing is lost when a NextItem
// future is dropped.
func Generate[T any](body func(co *Co, yield func(T))) Stream[T] {
	if body == nil {
		panic("asyncrt: Generate called with a nil body")
	}
	g := &generator[T]{}
	g.fut.body = func(co *Co) struct{} {
		body(co, g.yield)
		return struct{}{}
	}
	return g
}

type generator[T any] struct {
	fut  asyncFuture[struct{}]
	item T
	has  bool
	done bool
}

func (g *generator[T]) yield(v T) {
	co := &g.fut.co
	co.running() // panics on misuse: another coroutine, another goroutine
	if co.c.cancel {
		panic(errCancelUnwind)
	}
	g.item, g.has = v, true
	if !co.suspend() {
		co.unwind(nil)
	}
}

func (g *generator[T]) PollNext(cx *Context) Poll[Next[T]] {
	if g.done {
		return Ready(Done[T]())
	}
	p := g.fut.Poll(cx)
	if p.ready {
		g.done = true
		return Ready(Done[T]())
	}
	if !g.has {
		return Pending[Next[T]]()
	}
	v := g.item
	var zero T
	g.item, g.has = zero, false
	return Ready(Item(v))
}

// Drop unwinds a started body.
func (g *generator[T]) Drop() { g.dropWith(dropCx()) }

func (g *generator[T]) dropWith(cx *Context) {
	if !g.done {
		g.done = true
		g.fut.dropWith(cx)
	}
}

// FromSlice returns a stream of the elements of xs, always ready.
func FromSlice[T any](xs []T) Stream[T] { return &sliceStream[T]{xs: xs} }

type sliceStream[T any] struct{ xs []T }

func (s *sliceStream[T]) PollNext(*Context) Poll[Next[T]] {
	if len(s.xs) == 0 {
		return Ready(Done[T]())
	}
	v := s.xs[0]
	s.xs = s.xs[1:]
	return Ready(Item(v))
}

// FromSeq returns a stream of the values of seq (iter.Seq interop). seq
// runs on the worker polling the stream, one value per poll (through
// iter.Pull): it must not block, or it blocks the worker; a seq that waits
// for something belongs in a goroutine feeding a channel, or in Generate.
// Dropping the stream before its end stops seq.
func FromSeq[T any](seq iter.Seq[T]) Stream[T] {
	if seq == nil {
		panic("asyncrt: FromSeq called with a nil iter.Seq")
	}
	return &seqStream[T]{seq: seq}
}

type seqStream[T any] struct {
	seq  iter.Seq[T]
	next func() (T, bool)
	stop func()
	done bool
}

func (s *seqStream[T]) PollNext(*Context) Poll[Next[T]] {
	if s.done {
		return Ready(Done[T]())
	}
	if s.next == nil {
		s.next, s.stop = iter.Pull(s.seq)
	}
	v, ok := s.next()
	if !ok {
		s.Drop()
		return Ready(Done[T]())
	}
	return Ready(Item(v))
}

// Drop stops the sequence.
func (s *seqStream[T]) Drop() {
	s.done = true
	if s.stop != nil {
		s.stop()
		s.next, s.stop = nil, nil
	}
}

// Iter returns an iterator over s for a range loop inside an async function:
//
//	for v := range asyncrt.Iter(co, s) { ... }
//
// Each step awaits the next item, so the loop suspends the async function
// (never the worker) while s is pending; it is an await point. Iter takes s
// over: when the loop stops early (break, return, a panic, cancellation of
// the task) s is dropped. There is deliberately no blocking iterator over a
// stream: one would block a worker when used in async code; synchronous code
// uses BlockOn(rt, Collect(s)) or drives the loop in an Async body.
func Iter[T any](co *Co, s Stream[T]) iter.Seq[T] {
	if s == nil {
		panic("asyncrt: Iter called with a nil Stream")
	}
	return func(yield func(T) bool) {
		finished := false
		defer func() {
			if !finished {
				dropFuture(s, dropCx())
			}
		}()
		f := &nextFuture[T]{s: s}
		for {
			n := Await[Next[T]](co, f)
			if !n.OK {
				finished = true
				return
			}
			if !yield(n.Value) {
				return
			}
		}
	}
}

// NextItem returns a future of the next step of s: Item(v), or Done() at
// the end. It does not take s over: dropping the future (a Select that
// another case won) leaves s as it was, so it is cancel-safe whenever s's
// PollNext is (every stream of this package is).
func NextItem[T any](s Stream[T]) Future[Next[T]] {
	if s == nil {
		panic("asyncrt: NextItem called with a nil Stream")
	}
	return &nextFuture[T]{s: s}
}

type nextFuture[T any] struct{ s Stream[T] }

func (f *nextFuture[T]) Poll(cx *Context) Poll[Next[T]] { return f.s.PollNext(cx) }

// MapStream returns a stream of fn applied to each item of s. fn runs on
// the worker: it must not block. (Map is the future combinator.)
func MapStream[T, U any](s Stream[T], fn func(T) U) Stream[U] {
	if s == nil || fn == nil {
		panic("asyncrt: MapStream called with a nil Stream or function")
	}
	return &mapStream[T, U]{s: s, fn: fn}
}

type mapStream[T, U any] struct {
	s  Stream[T]
	fn func(T) U
}

func (m *mapStream[T, U]) PollNext(cx *Context) Poll[Next[U]] {
	p := m.s.PollNext(cx)
	if !p.ready {
		return Pending[Next[U]]()
	}
	if !p.value.OK {
		return Ready(Done[U]())
	}
	return Ready(Item(m.fn(p.value.Value)))
}

func (m *mapStream[T, U]) Drop() { Drop(m.s) }

// Filter returns a stream of the items of s for which keep returns true.
// Skipping items consumes the task's cooperative budget, so a long run of
// rejected ready items cannot hold the worker.
func Filter[T any](s Stream[T], keep func(T) bool) Stream[T] {
	if s == nil || keep == nil {
		panic("asyncrt: Filter called with a nil Stream or function")
	}
	return &filterStream[T]{s: s, keep: keep}
}

type filterStream[T any] struct {
	s    Stream[T]
	keep func(T) bool
}

func (f *filterStream[T]) PollNext(cx *Context) Poll[Next[T]] {
	for {
		p := f.s.PollNext(cx)
		if !p.ready || !p.value.OK || f.keep(p.value.Value) {
			return p
		}
		if !cx.consumeBudget() {
			return Pending[Next[T]]()
		}
	}
}

func (f *filterStream[T]) Drop() { Drop(f.s) }

// Take returns a stream of the first n items of s; s is dropped once they
// have been produced.
func Take[T any](s Stream[T], n int) Stream[T] {
	if s == nil {
		panic("asyncrt: Take called with a nil Stream")
	}
	return &takeStream[T]{s: s, left: n}
}

type takeStream[T any] struct {
	s    Stream[T]
	left int
}

func (t *takeStream[T]) PollNext(cx *Context) Poll[Next[T]] {
	if t.left <= 0 {
		t.Drop()
		return Ready(Done[T]())
	}
	p := t.s.PollNext(cx)
	if p.ready {
		if p.value.OK {
			t.left--
		} else {
			t.left = 0
		}
		if t.left == 0 {
			t.Drop()
		}
	}
	return p
}

func (t *takeStream[T]) Drop() {
	if s := t.s; s != nil {
		t.s = nil
		t.left = 0
		Drop(s)
	}
}

// Chunks returns a stream of the items of s in slices of n (the last may be
// shorter). A chunk is produced when it is full or s ends; items wait in
// the chunk while s is pending (futures' chunks; ReadyChunks-style early
// delivery would trade batching for latency).
func Chunks[T any](s Stream[T], n int) Stream[[]T] {
	if s == nil {
		panic("asyncrt: Chunks called with a nil Stream")
	}
	if n < 1 {
		panic("asyncrt: Chunks with a size below 1")
	}
	return &chunkStream[T]{s: s, n: n}
}

type chunkStream[T any] struct {
	s    Stream[T]
	n    int
	buf  []T
	done bool
}

func (c *chunkStream[T]) PollNext(cx *Context) Poll[Next[[]T]] {
	for !c.done {
		p := c.s.PollNext(cx)
		if !p.ready {
			return Pending[Next[[]T]]()
		}
		if !p.value.OK {
			c.done = true
			break
		}
		c.buf = append(c.buf, p.value.Value)
		if len(c.buf) == c.n {
			out := c.buf
			c.buf = nil
			return Ready(Item(out))
		}
		if !cx.consumeBudget() {
			return Pending[Next[[]T]]()
		}
	}
	if len(c.buf) > 0 {
		out := c.buf
		c.buf = nil
		return Ready(Item(out))
	}
	return Ready(Done[[]T]())
}

func (c *chunkStream[T]) Drop() { Drop(c.s) }

// Throttle returns a stream of the items of s, at most one per d on the
// runtime's clock: after an item, s is not polled again until d has passed
// (tokio-stream's throttle). Items are delayed, never dropped.
func Throttle[T any](s Stream[T], d time.Duration) Stream[T] {
	if s == nil {
		panic("asyncrt: Throttle called with a nil Stream")
	}
	return &throttleStream[T]{s: s, d: d}
}

type throttleStream[T any] struct {
	s     Stream[T]
	d     time.Duration
	sleep *sleepFuture // the pause after the last item; nil before the first
}

func (t *throttleStream[T]) PollNext(cx *Context) Poll[Next[T]] {
	if t.sleep != nil {
		if !t.sleep.Poll(cx).ready {
			return Pending[Next[T]]()
		}
		t.sleep = nil
	}
	p := t.s.PollNext(cx)
	if p.ready && p.value.OK {
		t.sleep = &sleepFuture{d: t.d}
	}
	return p
}

func (t *throttleStream[T]) Drop() {
	if t.sleep != nil {
		t.sleep.Drop()
	}
	Drop(t.s)
}

// Buffered returns a stream of the values of the futures s produces, in the
// order s produces them, running up to n of them concurrently (futures'
// buffered): bounded concurrency in one task. The futures are polled inside
// the stream's poll, each with its own waker; s is not polled while n
// futures are in flight (including ones that completed and wait for their
// turn to be produced), which is the backpressure. Dropping the stream
// drops the futures in flight.
func Buffered[T any](s Stream[Future[T]], n int) Stream[T] {
	return newBuffer(s, n, true)
}

// BufferUnordered is Buffered producing the values in the order the
// futures complete (futures' buffer_unordered): a slot frees as soon as its
// value is produced.
func BufferUnordered[T any](s Stream[Future[T]], n int) Stream[T] {
	return newBuffer(s, n, false)
}

func newBuffer[T any](s Stream[Future[T]], n int, ordered bool) *bufferStream[T] {
	if s == nil {
		panic("asyncrt: Buffered called with a nil Stream")
	}
	if n < 1 {
		panic("asyncrt: Buffered with a bound below 1")
	}
	return &bufferStream[T]{src: s, n: n, ordered: ordered}
}

type bufferStream[T any] struct {
	src      Stream[Future[T]]
	srcDone  bool
	n        int
	ordered  bool
	br       branches
	slots    []bufSlot[T]
	free     []int  // free slot indexes
	doneQ    []int  // completed slots, in completion order (unordered)
	seq      uint64 // sequence number of the next future taken from src
	outSeq   uint64 // sequence number of the next value to produce (ordered)
	inFlight int
	dropped  bool
}

type bufSlot[T any] struct {
	f     Future[T]
	v     T
	ready bool
	seq   uint64
}

func (b *bufferStream[T]) PollNext(cx *Context) Poll[Next[T]] {
	if b.dropped {
		return Ready(Done[T]())
	}
	if b.slots == nil {
		b.slots = make([]bufSlot[T], b.n)
		b.br.init(b.n)
		b.free = make([]int, b.n)
		for i := range b.free {
			b.free[i] = b.n - 1 - i
		}
	}
	b.br.register(cx)
	ok := false
	defer func() {
		if !ok { // a future or the source panicked
			b.dropWith(cx)
		}
	}()
	for b.inFlight < b.n && !b.srcDone {
		p := b.src.PollNext(cx)
		if !p.ready {
			break
		}
		if !p.value.OK {
			b.srcDone = true
			b.src = nil
			break
		}
		if p.value.Value == nil {
			panic("asyncrt: Buffered's stream produced a nil Future")
		}
		i := b.free[len(b.free)-1]
		b.free = b.free[:len(b.free)-1]
		b.slots[i] = bufSlot[T]{f: p.value.Value, seq: b.seq}
		b.seq++
		b.br.kids[i].woken.Store(true)
		b.inFlight++
	}
	for i := range b.slots {
		sl := &b.slots[i]
		if sl.f == nil || !b.br.take(i) {
			continue
		}
		p := sl.f.Poll(b.br.enter(i, cx))
		b.br.leave(i, cx)
		if p.ready {
			sl.v, sl.ready, sl.f = p.value, true, nil
			if !b.ordered {
				b.doneQ = append(b.doneQ, i)
			}
		}
	}
	ok = true
	out := -1
	if b.ordered {
		for i := range b.slots {
			if sl := &b.slots[i]; sl.ready && sl.seq == b.outSeq {
				out = i
				b.outSeq++
				break
			}
		}
	} else if len(b.doneQ) > 0 {
		out = b.doneQ[0]
		b.doneQ = slices.Delete(b.doneQ, 0, 1)
	}
	if out >= 0 {
		sl := &b.slots[out]
		v := sl.v
		*sl = bufSlot[T]{}
		b.free = append(b.free, out)
		b.inFlight--
		return Ready(Item(v))
	}
	if b.srcDone && b.inFlight == 0 {
		return Ready(Done[T]())
	}
	return Pending[Next[T]]()
}

// Drop drops the futures in flight and the source stream.
func (b *bufferStream[T]) Drop() { b.dropWith(dropCx()) }

func (b *bufferStream[T]) dropWith(cx *Context) {
	if b.dropped {
		return
	}
	b.dropped = true
	for i := range b.slots {
		if f := b.slots[i].f; f != nil {
			b.slots[i].f = nil
			dropFuture(f, cx)
		}
	}
	if s := b.src; s != nil {
		b.src = nil
		dropFuture(s, cx)
	}
}

// Collect returns a future of every item of s, in order, once s ends. It
// takes s over.
func Collect[T any](s Stream[T]) Future[[]T] {
	if s == nil {
		panic("asyncrt: Collect called with a nil Stream")
	}
	return &collectFuture[T]{s: s, out: []T{}}
}

type collectFuture[T any] struct {
	s   Stream[T]
	out []T
}

func (c *collectFuture[T]) Poll(cx *Context) Poll[[]T] {
	if c.s == nil {
		panic("asyncrt: Collect future polled after it completed")
	}
	for {
		p := c.s.PollNext(cx)
		if !p.ready {
			return Pending[[]T]()
		}
		if !p.value.OK {
			c.s = nil
			return Ready(c.out)
		}
		c.out = append(c.out, p.value.Value)
		if !cx.consumeBudget() {
			return Pending[[]T]()
		}
	}
}

// Drop drops the stream.
func (c *collectFuture[T]) Drop() { c.dropWith(dropCx()) }

func (c *collectFuture[T]) dropWith(cx *Context) {
	if s := c.s; s != nil {
		c.s = nil
		dropFuture(s, cx)
	}
}

// ForEach returns a future that calls fn with each item of s and is ready
// when s ends. fn runs on the worker, inside the poll: it must not block
// and cannot await (for a body that awaits, range over Iter in an async
// function). It takes s over.
func ForEach[T any](s Stream[T], fn func(T)) Future[struct{}] {
	if s == nil || fn == nil {
		panic("asyncrt: ForEach called with a nil Stream or function")
	}
	return &forEachFuture[T]{s: s, fn: fn}
}

type forEachFuture[T any] struct {
	s  Stream[T]
	fn func(T)
}

func (f *forEachFuture[T]) Poll(cx *Context) Poll[struct{}] {
	if f.s == nil {
		panic("asyncrt: ForEach future polled after it completed")
	}
	for {
		p := f.s.PollNext(cx)
		if !p.ready {
			return Pending[struct{}]()
		}
		if !p.value.OK {
			f.s = nil
			return Ready(struct{}{})
		}
		f.fn(p.value.Value)
		if !cx.consumeBudget() {
			return Pending[struct{}]()
		}
	}
}

// Drop drops the stream.
func (f *forEachFuture[T]) Drop() { f.dropWith(dropCx()) }

func (f *forEachFuture[T]) dropWith(cx *Context) {
	if s := f.s; s != nil {
		f.s = nil
		dropFuture(s, cx)
	}
}
