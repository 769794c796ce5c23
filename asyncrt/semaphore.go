package asyncrt

import (
	"errors"
	"math"
	"sync"
	"sync/atomic"
)

// batchSem is the fair counting semaphore under Mutex, RWMutex, Semaphore,
// OnceCell and the bounded channel (Tokio's batch_semaphore).
//
// The state word holds the available permits (minus a bias, below) in its
// high bits and two flags: semClosed, and semWaiters, set while the waiter
// list is not empty. Acquiring on the fast path is one CAS that only
// succeeds when nobody waits, so a newcomer never overtakes a queued
// waiter; releasing is one CAS while nobody waits. Otherwise both take the
// lock: a release hands its permits straight to the waiters at the front of
// the list, in order, partially to a waiter that needs more than is
// released (so a large request is not starved by small ones). While the
// list is not empty the word holds no permits: every released permit went
// to a waiter. All changes made while semWaiters is set happen under the
// lock, which is what makes the final "take what is available or queue"
// decision of a newcomer race-free.
//
// The bias makes a zero Mutex and RWMutex usable: the word stores
// available-bias, and the caller passes bias (1 for a Mutex, rwMaxReaders
// for an RWMutex, 0 for a Semaphore) wherever the absolute count matters.
type batchSem struct {
	state   atomic.Int64
	mu      sync.Mutex
	waiters waitList
}

const (
	semClosed  int64 = 1
	semWaiters int64 = 2
	semShift         = 2
	// semMaxPermits bounds the permits a semaphore can hold.
	semMaxPermits = math.MaxInt64 >> (semShift + 1)
)

func semPermits(st int64) int64 { return st >> semShift }

// tryAcquire takes n permits if they are available and nobody waits.
func (s *batchSem) tryAcquire(n, bias int64) bool {
	for {
		st := s.state.Load()
		if st&(semClosed|semWaiters) != 0 || semPermits(st)+bias < n {
			return false
		}
		if s.state.CompareAndSwap(st, st-n<<semShift) {
			return true
		}
	}
}

// release adds n permits, handing them to waiters first. maxStored is the
// largest legal stored count (misuse check: an Unlock of an unlocked
// Mutex); misuse is the panic message.
func (s *batchSem) release(n, maxStored int64, misuse string) {
	for {
		st := s.state.Load()
		if st&semWaiters != 0 {
			break
		}
		if semPermits(st)+n > maxStored {
			panic(misuse)
		}
		if s.state.CompareAndSwap(st, st+n<<semShift) {
			return
		}
	}
	var wl wakeList
	s.mu.Lock()
	s.releaseLocked(n, &wl)
	s.mu.Unlock()
	wl.wake()
}

// releaseLocked hands n permits to the waiters at the front, then stores
// what is left and clears semWaiters if the list emptied.
func (s *batchSem) releaseLocked(n int64, wl *wakeList) {
	for n > 0 && s.waiters.head != nil {
		w := s.waiters.head
		take := min(n, w.need)
		w.need -= take
		w.held += take
		n -= take
		if w.need == 0 {
			s.waiters.remove(w)
			w.fired.Store(firedGranted)
			wl.add(w.waker)
		}
	}
	if s.waiters.head != nil {
		return
	}
	for {
		st := s.state.Load()
		if s.state.CompareAndSwap(st, (st&^semWaiters)+n<<semShift) {
			return
		}
	}
}

// close marks the semaphore closed and fails every waiter; permits already
// handed to them are stored back.
func (s *batchSem) close() {
	var wl wakeList
	s.mu.Lock()
	var back int64
	for w := s.waiters.popFront(); w != nil; w = s.waiters.popFront() {
		back += w.held
		w.held = 0
		w.fired.Store(firedClosed)
		wl.add(w.waker)
	}
	for {
		st := s.state.Load()
		if s.state.CompareAndSwap(st, (st&^semWaiters|semClosed)+back<<semShift) {
			break
		}
	}
	s.mu.Unlock()
	wl.wake()
}

func (s *batchSem) closed() bool { return s.state.Load()&semClosed != 0 }

// acquire is the state of one waiting acquisition of n permits, embedded
// in the futures of the primitives built on batchSem.
type acquire struct {
	s     *batchSem
	n     int64
	bias  int64
	w     waiter
	phase uint8
}

const (
	acqIdle    uint8 = iota // not polled yet
	acqWaiting              // queued (or handed its permits, not yet observed)
	acqDone                 // permits observed by a poll (they belong to the caller now), or failed, or dropped
)

// acqResult is what poll reports.
type acqResult uint8

const (
	acqPending acqResult = iota
	acqGot
	acqClosed
)

func (a *acquire) poll(cx *Context) acqResult {
	switch a.phase {
	case acqDone:
		panic("asyncrt: lock/acquire future polled after it completed")
	case acqWaiting:
		switch a.w.fired.Load() {
		case firedGranted:
			a.phase = acqDone
			return acqGot
		case firedClosed:
			a.phase = acqDone
			return acqClosed
		}
		a.s.mu.Lock()
		// Re-check under the lock: fired is stored under it.
		switch a.w.fired.Load() {
		case firedGranted:
			a.s.mu.Unlock()
			a.phase = acqDone
			return acqGot
		case firedClosed:
			a.s.mu.Unlock()
			a.phase = acqDone
			return acqClosed
		}
		a.w.setWaker(cx)
		a.s.mu.Unlock()
		return acqPending
	}
	if a.s.tryAcquire(a.n, a.bias) {
		a.phase = acqDone
		return acqGot
	}
	s := a.s
	s.mu.Lock()
	for {
		st := s.state.Load()
		if st&semClosed != 0 {
			s.mu.Unlock()
			a.phase = acqDone
			return acqClosed
		}
		avail := semPermits(st) + a.bias
		if st&semWaiters == 0 && avail >= a.n {
			if s.state.CompareAndSwap(st, st-a.n<<semShift) {
				s.mu.Unlock()
				a.phase = acqDone
				return acqGot
			}
			continue
		}
		// Take what is available now (only possible when nobody waits)
		// and queue for the rest.
		take := max(0, min(avail, a.n))
		if st&semWaiters != 0 {
			take = 0
		}
		if s.state.CompareAndSwap(st, (st-take<<semShift)|semWaiters) {
			a.w.need, a.w.held = a.n-take, take
			a.w.fired.Store(firedNone)
			a.w.waker = cx.Waker()
			s.waiters.push(&a.w)
			s.mu.Unlock()
			a.phase = acqWaiting
			return acqPending
		}
	}
}

// drop abandons a waiting acquisition: the node leaves the list and the
// permits already handed to it (all of them, if it was granted but not yet
// polled) go to the next waiters. An acquisition that completed keeps its
// permits: they belong to the caller.
func (a *acquire) drop() {
	if a.phase != acqWaiting {
		a.phase = acqDone
		return
	}
	a.phase = acqDone
	s := a.s
	var wl wakeList
	s.mu.Lock()
	if a.w.queued {
		s.waiters.remove(&a.w)
	}
	held := a.w.held
	a.w.held = 0
	if held > 0 || s.waiters.empty() {
		s.releaseLocked(held, &wl)
	}
	s.mu.Unlock()
	wl.wake()
}

// ErrSemaphoreClosed is returned by Semaphore.Acquire after Close.
var ErrSemaphoreClosed = errors.New("asyncrt: semaphore closed")

// Semaphore is an async counting semaphore (tokio::sync::Semaphore): Acquire
// suspends the task until enough permits are available, without blocking
// its worker. Waiters are served in FIFO order, a request for several
// permits included: a waiter for n permits collects them as they are
// released, and later, smaller requests wait behind it. A waiter that is
// cancelled (its future dropped, its task aborted) gives back the permits
// it had collected to the next waiter.
//
// The zero Semaphore has no permits; Release adds some.
type Semaphore struct {
	s batchSem
}

// NewSemaphore returns a semaphore with n permits.
func NewSemaphore(n int) *Semaphore {
	if n < 0 || int64(n) > semMaxPermits {
		panic("asyncrt: NewSemaphore with a negative or too large number of permits")
	}
	s := &Semaphore{}
	s.s.state.Store(int64(n) << semShift)
	return s
}

// Acquire takes n permits, suspending the task until they are available.
// It returns ErrSemaphoreClosed if the semaphore is closed before. It is an
// await point; it panics if n is negative.
func (s *Semaphore) Acquire(co *Co, n int) error {
	cx := co.running()
	checkPermits(n)
	if cx.budget != 0 && !co.c.cancel && s.s.tryAcquire(int64(n), 0) {
		if cx.budget > 0 {
			cx.budget--
		}
		return nil
	}
	return Await(co, s.AcquireFuture(n))
}

// AcquireFuture returns a future of the acquisition of n permits: ready
// with nil once they are held (they then belong to the caller, who must
// Release them), or with ErrSemaphoreClosed. Dropping it before it is
// ready (Drop, Timeout, a lost Select) acquires nothing: permits it had
// collected go to the next waiter.
func (s *Semaphore) AcquireFuture(n int) Future[error] {
	checkPermits(n)
	return &semAcquireFuture{a: acquire{s: &s.s, n: int64(n)}}
}

func checkPermits(n int) {
	if n < 0 || int64(n) > semMaxPermits {
		panic("asyncrt: Semaphore acquire of a negative or too large number of permits")
	}
}

type semAcquireFuture struct{ a acquire }

func (f *semAcquireFuture) Poll(cx *Context) Poll[error] {
	switch f.a.poll(cx) {
	case acqGot:
		return Ready[error](nil)
	case acqClosed:
		return Ready(ErrSemaphoreClosed)
	}
	return Pending[error]()
}

// Drop cancels a pending acquisition (see AcquireFuture).
func (f *semAcquireFuture) Drop() { f.a.drop() }

// TryAcquire takes n permits if they are available now and nobody waits
// for permits, and reports whether it did. It is false after Close.
func (s *Semaphore) TryAcquire(n int) bool {
	checkPermits(n)
	return s.s.tryAcquire(int64(n), 0)
}

// Release adds n permits (returns acquired ones, or adds new ones), waking
// the waiters they satisfy.
func (s *Semaphore) Release(n int) {
	checkPermits(n)
	if n == 0 {
		return
	}
	s.s.release(int64(n), semMaxPermits, "asyncrt: Semaphore.Release overflows the number of permits")
}

// Close closes the semaphore: pending and later acquisitions fail with
// ErrSemaphoreClosed. Permits held are unaffected and may be released.
func (s *Semaphore) Close() { s.s.close() }

// IsClosed reports whether Close was called.
func (s *Semaphore) IsClosed() bool { return s.s.closed() }

// Available returns the number of permits available now (0 while tasks
// wait for permits).
func (s *Semaphore) Available() int { return int(max(0, semPermits(s.s.state.Load()))) }
