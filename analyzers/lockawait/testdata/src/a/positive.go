package a

import (
	"helpers"
	"sync"

	"github.com/asynclint/asynclint/asyncrt"
)

type Server struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	inner *Inner
	n     int
	jobs  *asyncrt.JoinSet[int]
}

type Inner struct{ mu sync.Mutex }

func (s *Server) basic(co *asyncrt.Co, f asyncrt.Future[int]) {
	s.mu.Lock()
	s.n = asyncrt.Await(co, f) // want `s.mu is held at this await: the task suspends holding s.mu; any task on this worker that locks it blocks the worker and the holder may never resume; unlock before awaiting, or use asyncrt.Mutex`
	s.mu.Unlock()
}

func (s *Server) deferred(co *asyncrt.Co, f asyncrt.Future[int]) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return asyncrt.Await(co, f) // want `s.mu is held at this await`
}

// The unlock in a deferred closure runs at return, after the await.
func (s *Server) deferredClosure(co *asyncrt.Co, f asyncrt.Future[int]) int {
	s.mu.Lock()
	defer func() {
		s.mu.Unlock()
	}()
	return asyncrt.Await(co, f) // want `s.mu is held at this await`
}

func (s *Server) oneBranch(co *asyncrt.Co, f asyncrt.Future[int], urgent bool) {
	if urgent {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	asyncrt.Await(co, f) // want `s.mu may be held \(locked on some paths\) at this await`
}

func (s *Server) loop(co *asyncrt.Co, fs []asyncrt.Future[int]) {
	for _, f := range fs {
		s.mu.Lock()
		s.n += asyncrt.Await(co, f) // want `s.mu is held at this await`
		s.mu.Unlock()
	}
}

func (s *Server) yield(co *asyncrt.Co) {
	s.mu.Lock()
	asyncrt.Yield(co) // want `s.mu is held at this await`
	s.mu.Unlock()
}

func (s *Server) join(co *asyncrt.Co, h *asyncrt.JoinHandle[int]) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n, _ = h.Join(co) // want `s.mu is held at this await`
}

func (s *Server) joinNext(co *asyncrt.Co) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		v, err, ok := s.jobs.JoinNext(co) // want `s.mu is held at this await`
		if !ok || err != nil {
			return
		}
		s.n += v
	}
}

// refresh is an async helper: calling it with co suspends the caller.
func (s *Server) refresh(co *asyncrt.Co, f asyncrt.Future[int]) {
	s.n = asyncrt.Await(co, f)
}

func (s *Server) viaHelper(co *asyncrt.Co, f asyncrt.Future[int]) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.refresh(co, f) // want `s.mu is held across this call of \(\*a.Server\).refresh, which may suspend \(via asyncrt.Await\)`
}

func (s *Server) viaOtherPackage(co *asyncrt.Co, f asyncrt.Future[int]) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return helpers.Fetch(co, f) // want `s.mu is held across this call of helpers.Fetch, which may suspend \(via helpers.get → asyncrt.Await\)`
}

func (s *Server) readLocked(co *asyncrt.Co, f asyncrt.Future[int]) int {
	s.rw.RLock()
	defer s.rw.RUnlock()
	return asyncrt.Await(co, f) // want `s.rw is read-locked at this await`
}

func (s *Server) writeLocked(co *asyncrt.Co, f asyncrt.Future[int]) {
	s.rw.Lock()
	s.n = asyncrt.Await(co, f) // want `s.rw is held at this await`
	s.rw.Unlock()
}

type Cache struct {
	sync.Mutex
	m map[string]int
}

func (c *Cache) embedded(co *asyncrt.Co, f asyncrt.Future[int]) {
	c.Lock()
	c.m["k"] = asyncrt.Await(co, f) // want `c.Mutex is held at this await`
	c.Unlock()
}

func (s *Server) pointerField(co *asyncrt.Co, f asyncrt.Future[int]) {
	s.inner.mu.Lock()
	defer s.inner.mu.Unlock()
	asyncrt.Await(co, f) // want `s.inner.mu is held at this await`
}

var registry sync.Mutex

func global(co *asyncrt.Co, f asyncrt.Future[int]) {
	registry.Lock()
	asyncrt.Await(co, f) // want `registry is held at this await`
	registry.Unlock()
}

func (s *Server) lock()   { s.mu.Lock() }
func (s *Server) unlock() { s.mu.Unlock() }

func (s *Server) lockedByHelper(co *asyncrt.Co, f asyncrt.Future[int]) {
	s.lock()
	asyncrt.Await(co, f) // want `s.mu is held at this await`
	s.unlock()
}

func lockedByOtherPackage(co *asyncrt.Co, st *helpers.Store, f asyncrt.Future[int]) {
	st.Acquire()
	st.Data["k"] = asyncrt.Await(co, f) // want `st.Mutex is held at this await`
	st.Release()
}

type Guarded[T any] struct {
	mu  sync.Mutex
	val T
}

func (g *Guarded[T]) Set(co *asyncrt.Co, f asyncrt.Future[T]) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.val = asyncrt.Await(co, f) // want `g.mu is held at this await`
}

func awaitGeneric[T any](co *asyncrt.Co, f asyncrt.Future[T]) T { return asyncrt.Await(co, f) }

func useGeneric(co *asyncrt.Co, g *Guarded[string], f asyncrt.Future[string]) {
	g.mu.Lock()
	g.val = awaitGeneric(co, f) // want `g.mu is held across this call of a.awaitGeneric`
	g.mu.Unlock()
}

func (s *Server) methodValue(co *asyncrt.Co, f asyncrt.Future[int]) {
	lock, unlock := s.mu.Lock, s.mu.Unlock
	lock()
	asyncrt.Await(co, f) // want `s.mu is held at this await`
	unlock()
}

func (s *Server) closure(co *asyncrt.Co, f asyncrt.Future[int]) {
	update := func() {
		s.mu.Lock()
		s.n = asyncrt.Await(co, f) // want `s.mu is held at this await`
		s.mu.Unlock()
	}
	update()
}

func (s *Server) closureAwaits(co *asyncrt.Co, f asyncrt.Future[int]) {
	wait := func() int { return asyncrt.Await(co, f) }
	s.mu.Lock()
	s.n = wait() // want `s.mu is held across this call of func literal in \(\*a.Server\).closureAwaits`
	s.mu.Unlock()
}

func (s *Server) recursive(co *asyncrt.Co, f asyncrt.Future[int], depth int) {
	if depth == 0 {
		asyncrt.Yield(co)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recursive(co, f, depth-1) // want `s.mu is held across this call of \(\*a.Server\).recursive`
}

func (s *Server) tryLock(co *asyncrt.Co, f asyncrt.Future[int]) {
	if s.mu.TryLock() {
		asyncrt.Await(co, f) // want `s.mu is held at this await`
		s.mu.Unlock()
	}
}

func locker(co *asyncrt.Co, l sync.Locker, f asyncrt.Future[int]) {
	l.Lock()
	defer l.Unlock()
	asyncrt.Await(co, f) // want `l is held at this await`
}

func (s *Server) alias(co *asyncrt.Co, f asyncrt.Future[int]) {
	mu := &s.mu
	mu.Lock()
	asyncrt.Await(co, f) // want `mu is held at this await`
	s.mu.Unlock()
}

type Step interface{ Run(co *asyncrt.Co) }

func (s *Server) viaInterface(co *asyncrt.Co, st Step) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st.Run(co) // want `s.mu is held across this call of \(a.Step\).Run \(interface method taking \*asyncrt.Co\), which may suspend`
}

func (s *Server) viaFuncValue(co *asyncrt.Co, step func(*asyncrt.Co)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	step(co) // want `s.mu is held across this call of function value taking \*asyncrt.Co, which may suspend`
}

func (s *Server) twoLocks(co *asyncrt.Co, f asyncrt.Future[int]) {
	s.mu.Lock()
	s.inner.mu.Lock()
	asyncrt.Await(co, f) // want `s.mu is held at this await` `s.inner.mu is held at this await`
	s.inner.mu.Unlock()
	s.mu.Unlock()
}

func (s *Server) getMu() *sync.Mutex { return &s.mu }

func (s *Server) getter(co *asyncrt.Co, f asyncrt.Future[int]) {
	s.getMu().Lock()
	defer s.getMu().Unlock()
	asyncrt.Await(co, f) // want `s.getMu\(\) is held at this await`
}

// Joining a blocking task is an await like any other.
func (s *Server) joinBlocking(co *asyncrt.Co) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := asyncrt.SpawnBlocking(co, func() int { return 42 })
	s.n, _ = h.Join(co) // want `s.mu is held at this await`
}

// Continuing without unlocking leaves the lock held at the next iteration's
// await on that path.
func (s *Server) loopContinue(co *asyncrt.Co, fs []asyncrt.Future[int]) {
	for _, f := range fs {
		v := asyncrt.Await(co, f) // want `s.mu may be held \(locked on some paths\) at this await`
		s.mu.Lock()
		if v < 0 {
			continue
		}
		s.n += v
		s.mu.Unlock()
	}
}

// A lock held while a future is built and then awaited.
func (s *Server) buildAndAwait(co *asyncrt.Co) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	fut := asyncrt.Async(func(co2 *asyncrt.Co) int { return s.n })
	return asyncrt.Await(co, fut) // want `s.mu is held at this await`
}

// Waiting for an asyncrt.Mutex is itself an await: a sync lock held there
// is held while the task is suspended.
func (s *Server) syncAroundAsyncLock(co *asyncrt.Co, g *AsyncGuarded) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g.mu.Lock(co) // want `s.mu is held across this call of \(\*asyncrt.Mutex\).Lock, which may suspend \(via asyncrt.Await\)`
	g.val = s.n
	g.mu.Unlock()
}
