package asyncrt

import "math/rand/v2"

// The seeded scheduler: deterministic interleavings for tests.
//
// With WithSeed the runtime has one worker, and instead of Tokio's order
// (LIFO slot, local queue, inbox, injection queue) that worker gathers every
// runnable task into one pool and polls one picked by a generator seeded
// with the seed. Everything else a single worker does is already a function
// of the order of polls (task ids, wakes from the worker itself, the paused
// clock's jumps, which happen only when the worker parks), so the same seed
// replays the same interleaving and another seed explores another one: the
// part of loom's and turmoil's job that a single-threaded executor can do.
// What is not replayed: wakes from goroutines outside the runtime,
// SpawnBlocking functions (they run on the blocking pool, in real time) and
// timers on the real clock; use the paused clock (WithPausedClock).

// WithSeed makes a deterministic test runtime: one worker that polls the
// runnable tasks in an order chosen by a pseudo-random generator seeded with
// seed. The same seed gives the same order of polls, so a failure found under
// one seed is reproduced by running it again; different seeds explore
// different interleavings. It implies a single worker (a WithWorkers option
// is overridden). Combine it with WithPausedClock so that timers fire in a
// replayable order too; the asynctest package does both and runs a test body
// under many seeds.
func WithSeed(seed uint64) Option {
	return func(c *config) {
		c.seeded = true
		c.seed = seed
	}
}

// nextSeeded is worker.next for a seeded runtime: gather every runnable task
// in the pool (in a deterministic order: LIFO slot, local queue, inbox in
// wake order, injection queue) and take one at random.
func (w *worker) nextSeeded() *header {
	rt := w.rt
	w.fireTimers() // real clock only: a paused clock fires when the worker parks
	if t := w.lifo; t != nil {
		w.lifo = nil
		w.pool = append(w.pool, t)
	}
	for t := w.local.pop(); t != nil; t = w.local.pop() {
		w.pool = append(w.pool, t)
	}
	if top := w.inbox.takeAll(); top != nil {
		var fifo *header
		for top != nil { // the inbox is a stack: reverse it into wake order
			next := top.queueNext
			top.queueNext = fifo
			fifo = top
			top = next
		}
		for fifo != nil {
			next := fifo.queueNext
			fifo.queueNext = nil
			w.pool = append(w.pool, fifo)
			fifo = next
		}
	}
	if rt.inject.len() > 0 {
		for t := rt.inject.popAll(); t != nil; {
			next := t.queueNext
			t.queueNext = nil
			w.pool = append(w.pool, t)
			t = next
		}
	}
	n := len(w.pool)
	if n == 0 {
		return nil
	}
	i := int(w.seedRand() % uint64(n))
	t := w.pool[i]
	w.pool[i] = w.pool[n-1]
	w.pool[n-1] = nil
	w.pool = w.pool[:n-1]
	return t
}

// seedRand is splitmix64: small, fast, and a good spread even for seeds
// 0, 1, 2, ...
func (w *worker) seedRand() uint64 {
	w.seedState += 0x9E3779B97F4A7C15
	z := w.seedState
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

// randIntn returns a number in [0, n) for combinators that pick a branch
// at random (Select's fairness): from the seeded generator on a seeded
// runtime, so that the choice is replayed too, and from math/rand/v2
// otherwise.
func (cx *Context) randIntn(n int) int {
	if n <= 1 {
		return 0
	}
	if w := cx.worker; w != nil && w.rt.cfg.seeded {
		return int(w.seedRand() % uint64(n))
	}
	return rand.IntN(n)
}

// Idle reports whether nothing inside the runtime can make progress: every
// worker is parked with nothing to run, no SpawnBlocking function is queued
// or running, and no timer is armed. Only a wake from outside the runtime (a
// goroutine, a callback) can then move a task. On a seeded runtime with a
// paused clock, where nothing comes from outside, a task that is still not
// finished when the runtime is Idle is deadlocked: the asynctest package
// reports it so instead of hanging.
func (rt *Runtime) Idle() bool {
	if int(rt.idle.nParked.Load()) != len(rt.workers) || rt.block.inflight.Load() != 0 ||
		rt.inject.len() != 0 || rt.timers.len() != 0 {
		return false
	}
	for _, w := range rt.workers {
		if w.local.len() != 0 || !w.inbox.empty() {
			return false
		}
	}
	return true
}
