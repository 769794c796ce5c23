package asyncrt

// rwMaxReaders is the permits of an RWMutex: a reader takes one, a writer
// all of them (Tokio's RwLock is built the same way).
const rwMaxReaders = 1 << 30

// RWMutex is an async reader/writer lock (tokio::sync::RwLock): any number
// of readers or one writer. Waiting suspends the task, never its worker,
// so either side may be held across Await.
//
// The lock is fair (FIFO, write-preferring in effect): a reader that
// arrives while a writer waits queues behind the writer, so a stream of
// readers cannot starve writers. A waiting writer collects the read
// permits as readers leave. A cancelled waiter leaves the queue and gives
// back what it had collected, so no wakeup is lost.
//
// The zero RWMutex is unlocked. It must not be copied after first use.
type RWMutex struct {
	s batchSem // bias rwMaxReaders: the zero word is an unlocked RWMutex
}

const rwLocked = -rwMaxReaders << semShift // the state word of a write-locked RWMutex nobody waits for

// Lock locks rw for writing, suspending the task until no reader or writer
// holds it. It is an await point.
func (rw *RWMutex) Lock(co *Co) {
	cx := co.running()
	if cx.budget != 0 && !co.c.cancel && rw.s.state.CompareAndSwap(0, rwLocked) {
		if cx.budget > 0 {
			cx.budget--
		}
		return
	}
	Await(co, rw.LockFuture())
}

// LockFuture returns a future that is ready once rw is write-locked by the
// caller. Dropped before it is ready, it locks nothing (cancel-safe).
func (rw *RWMutex) LockFuture() Future[struct{}] {
	return &lockFuture{a: acquire{s: &rw.s, n: rwMaxReaders, bias: rwMaxReaders}}
}

// TryLock write-locks rw if it is free and nobody waits, and reports
// whether it did.
func (rw *RWMutex) TryLock() bool { return rw.s.tryAcquire(rwMaxReaders, rwMaxReaders) }

// Unlock releases the write lock. It panics if rw is not write-locked.
func (rw *RWMutex) Unlock() {
	if rw.s.state.CompareAndSwap(rwLocked, 0) {
		return
	}
	rw.s.release(rwMaxReaders, 0, "asyncrt: Unlock of unlocked RWMutex")
}

// RLock locks rw for reading, suspending the task while a writer holds or
// waits for it. It is an await point.
func (rw *RWMutex) RLock(co *Co) {
	cx := co.running()
	if cx.budget != 0 && !co.c.cancel && rw.s.tryAcquire(1, rwMaxReaders) {
		if cx.budget > 0 {
			cx.budget--
		}
		return
	}
	Await(co, rw.RLockFuture())
}

// RLockFuture returns a future that is ready once rw is read-locked by the
// caller. Dropped before it is ready, it locks nothing (cancel-safe).
func (rw *RWMutex) RLockFuture() Future[struct{}] {
	return &lockFuture{a: acquire{s: &rw.s, n: 1, bias: rwMaxReaders}}
}

// TryRLock read-locks rw if no writer holds or waits for it, and reports
// whether it did.
func (rw *RWMutex) TryRLock() bool { return rw.s.tryAcquire(1, rwMaxReaders) }

// RUnlock releases one read lock. It panics if rw is not read-locked.
func (rw *RWMutex) RUnlock() {
	rw.s.release(1, 0, "asyncrt: RUnlock of unlocked RWMutex")
}
