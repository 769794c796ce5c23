package asyncrt

// Mutex is an async mutual-exclusion lock (tokio::sync::Mutex). Lock
// suspends the task until the lock is free instead of blocking its worker,
// so a Mutex may be held across Await: the fix the lockawait check
// recommends for a sync.Mutex held at an await point
// (TestPitfallMutexAcrossAwaitDeadlocks shows the hang this avoids).
//
//	mu.Lock(co)
//	defer mu.Unlock()
//	v := asyncrt.Await(co, fetch()) // fine: other tasks that Lock wait, their workers do not
//
// The API is sync.Mutex's, with the *Co of the calling async function:
// Lock(co) and Unlock(), TryLock(), and LockFuture() for composing the
// wait with Timeout or a select. Waiters get the lock in FIFO order (a
// task that calls Lock while others wait queues behind them; Unlock hands
// the lock to the first waiter directly). A waiter whose Lock is cancelled
// leaves the queue; if the lock had already been handed to it, it goes to
// the next waiter, so no wakeup is lost.
//
// The zero Mutex is unlocked. A Mutex must not be copied after first use.
// Like sync.Mutex it is not tied to a task: any task (or goroutine) may
// Unlock it. Uncontended, Lock and Unlock are one CAS each.
//
// When the critical section does not await, a sync.Mutex is cheaper and
// correct: the point of this lock is holding it across awaits.
type Mutex struct {
	s batchSem // bias 1: the zero word is one available permit
}

const mutexLocked = -1 << semShift // the state word of a locked Mutex nobody waits for

// Lock locks m, suspending the task while another holds it. It is an await
// point.
func (m *Mutex) Lock(co *Co) {
	cx := co.running()
	if cx.budget != 0 && !co.c.cancel && m.s.state.CompareAndSwap(0, mutexLocked) {
		if cx.budget > 0 {
			cx.budget--
		}
		return
	}
	Await(co, m.LockFuture())
}

// LockFuture returns a future that is ready once the lock is held by the
// caller (who must then Unlock it). Dropped before it is ready, it leaves
// the lock alone: if the lock had been handed to it meanwhile, the lock
// goes to the next waiter. This makes it cancel-safe in a select or under
// Timeout:
//
//	if r := asyncrt.Await(co, asyncrt.Timeout(time.Second, mu.LockFuture())); r.Err == nil {
//		defer mu.Unlock()
//		...
//	}
func (m *Mutex) LockFuture() Future[struct{}] {
	return &lockFuture{a: acquire{s: &m.s, n: 1, bias: 1}}
}

// TryLock locks m if it is free and nobody waits for it, and reports
// whether it did.
func (m *Mutex) TryLock() bool { return m.s.tryAcquire(1, 1) }

// Unlock unlocks m, handing it to the first waiter if any. It panics if m
// is not locked.
func (m *Mutex) Unlock() {
	if m.s.state.CompareAndSwap(mutexLocked, 0) {
		return
	}
	m.s.release(1, 0, "asyncrt: Unlock of unlocked Mutex")
}

// lockFuture is the future of Mutex.LockFuture, RWMutex.LockFuture and
// RWMutex.RLockFuture.
type lockFuture struct{ a acquire }

func (f *lockFuture) Poll(cx *Context) Poll[struct{}] {
	if f.a.poll(cx) == acqGot {
		return Ready(struct{}{})
	}
	// A lock's semaphore is never closed.
	return Pending[struct{}]()
}

// Drop cancels a pending lock (see Mutex.LockFuture).
func (f *lockFuture) Drop() { f.a.drop() }
