package asyncrt

import "sync"

// Barrier makes n tasks wait for each other (tokio::sync::Barrier): each
// Wait suspends its task until n tasks have called Wait, then all n
// resume, and the barrier is ready for the next round. Exactly one task of
// each round is told it is the leader.
//
// Unlike Tokio's, a waiter that is cancelled (its future dropped, its task
// aborted) before the round completes withdraws its arrival: the round
// then waits for another task instead of releasing with one that left.
type Barrier struct {
	mu      sync.Mutex
	n       int
	arrived int
	waiters waitList
}

// NewBarrier returns a barrier for n tasks. It panics if n < 1.
func NewBarrier(n int) *Barrier {
	if n < 1 {
		panic("asyncrt: NewBarrier with fewer than one task")
	}
	return &Barrier{n: n}
}

// Wait waits until n tasks wait, and reports whether this task is the
// round's leader (the last to arrive). It is an await point.
func (b *Barrier) Wait(co *Co) (leader bool) { return Await(co, b.WaitFuture()) }

// WaitFuture returns a future of this task's arrival: it arrives at its
// first poll, and is ready (with the leader flag) when the round completes.
func (b *Barrier) WaitFuture() Future[bool] { return &barrierFuture{b: b} }

type barrierFuture struct {
	b       *Barrier
	w       waiter
	waiting bool
	done    bool
}

func (f *barrierFuture) Poll(cx *Context) Poll[bool] {
	if f.done {
		panic("asyncrt: Barrier future polled after it completed")
	}
	if f.waiting && f.w.fired.Load() != firedNone {
		f.waiting, f.done = false, true
		return Ready(false)
	}
	b := f.b
	var wl wakeList
	b.mu.Lock()
	if f.waiting {
		if f.w.fired.Load() != firedNone {
			b.mu.Unlock()
			f.waiting, f.done = false, true
			return Ready(false)
		}
		f.w.setWaker(cx)
		b.mu.Unlock()
		return Pending[bool]()
	}
	b.arrived++
	if b.arrived == b.n {
		b.arrived = 0
		b.waiters.fireAll(firedGranted, &wl)
		b.mu.Unlock()
		wl.wake()
		f.done = true
		return Ready(true)
	}
	f.w.fired.Store(firedNone)
	f.w.waker = cx.Waker()
	b.waiters.push(&f.w)
	f.waiting = true
	b.mu.Unlock()
	return Pending[bool]()
}

// Drop withdraws a waiting arrival whose round has not completed.
func (f *barrierFuture) Drop() {
	if !f.waiting {
		f.done = true
		return
	}
	f.waiting, f.done = false, true
	b := f.b
	b.mu.Lock()
	if f.w.queued {
		b.waiters.remove(&f.w)
		b.arrived--
	}
	b.mu.Unlock()
}
