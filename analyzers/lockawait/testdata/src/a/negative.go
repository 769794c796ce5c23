package a

import (
	"helpers"
	"sync"

	"github.com/asynclint/asynclint/asyncrt"
)

func (s *Server) unlockFirst(co *asyncrt.Co, f asyncrt.Future[int]) {
	s.mu.Lock()
	n := s.n
	s.mu.Unlock()
	s.n = n + asyncrt.Await(co, f)
}

func (s *Server) unlockByHelper(co *asyncrt.Co, f asyncrt.Future[int]) {
	s.mu.Lock()
	s.n++
	s.unlock()
	asyncrt.Await(co, f)
}

func unlockByOtherPackage(co *asyncrt.Co, st *helpers.Store, f asyncrt.Future[int]) {
	st.Acquire()
	st.Data["k"]++
	st.Release()
	asyncrt.Await(co, f)
}

func (s *Server) loopUnlocked(co *asyncrt.Co, fs []asyncrt.Future[int]) {
	for _, f := range fs {
		s.mu.Lock()
		s.n++
		s.mu.Unlock()
		v := asyncrt.Await(co, f)
		s.mu.Lock()
		s.n += v
		s.mu.Unlock()
	}
}

// The goroutine's lock is not held by the task.
func (s *Server) goStatement(co *asyncrt.Co, f asyncrt.Future[int]) {
	go func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.n++
	}()
	asyncrt.Await(co, f)
}

// The blocking pool's lock is not held by the task either.
func (s *Server) spawnBlocking(co *asyncrt.Co) int {
	h := asyncrt.SpawnBlocking(co, func() int {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.n
	})
	n, _ := h.Join(co)
	return n
}

// helpers.Double takes co but never suspends.
func (s *Server) nonSuspendingCoCall(co *asyncrt.Co) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n = helpers.Double(co, s.n)
}

// A function value without the coroutine cannot suspend it.
func (s *Server) plainFuncValue(co *asyncrt.Co, fn func() int) {
	s.mu.Lock()
	s.n = fn()
	s.mu.Unlock()
	asyncrt.Yield(co)
}

// Spawning is not awaiting.
func (s *Server) spawnWhileLocked(co *asyncrt.Co, f asyncrt.Future[int]) *asyncrt.JoinHandle[int] {
	s.mu.Lock()
	defer s.mu.Unlock()
	return asyncrt.Spawn(co, f)
}

// Building a future does not run it; the literal's await is its own, and
// the literal holds no lock.
func (s *Server) buildWhileLocked(co *asyncrt.Co, f asyncrt.Future[int]) int {
	s.mu.Lock()
	fut := asyncrt.Async(func(co2 *asyncrt.Co) int {
		return asyncrt.Await(co2, f)
	})
	s.mu.Unlock()
	return asyncrt.Await(co, fut)
}

func (s *Server) tryLockFailed(co *asyncrt.Co, f asyncrt.Future[int]) {
	if !s.mu.TryLock() {
		asyncrt.Await(co, f)
		return
	}
	s.n++
	s.mu.Unlock()
}

func (s *Server) readUnlockedFirst(co *asyncrt.Co, f asyncrt.Future[int]) int {
	s.rw.RLock()
	n := s.n
	s.rw.RUnlock()
	return n + asyncrt.Await(co, f)
}

func (s *Server) sequential(co *asyncrt.Co, f asyncrt.Future[int]) {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	s.inner.mu.Lock()
	s.n++
	s.inner.mu.Unlock()
	asyncrt.Await(co, f)
}

func (s *Server) unlockInClosure(co *asyncrt.Co, f asyncrt.Future[int]) {
	release := func() { s.mu.Unlock() }
	s.mu.Lock()
	s.n++
	release()
	asyncrt.Await(co, f)
}

// A synchronous helper that locks nothing for its caller.
func (s *Server) critical() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
}

func (s *Server) scopedCritical(co *asyncrt.Co, f asyncrt.Future[int]) {
	s.critical()
	func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.n++
	}()
	asyncrt.Await(co, f)
}

func (s *Server) recursiveUnlocked(co *asyncrt.Co, depth int) {
	if depth == 0 {
		asyncrt.Yield(co)
		return
	}
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	s.recursiveUnlocked(co, depth-1)
}

func (g *Guarded[T]) Get(co *asyncrt.Co, f asyncrt.Future[T]) T {
	g.mu.Lock()
	v := g.val
	g.mu.Unlock()
	asyncrt.Await(co, f)
	return v
}

func (c *Cache) embeddedUnlocked(co *asyncrt.Co, f asyncrt.Future[int]) {
	c.Lock()
	c.m["k"]++
	c.Unlock()
	asyncrt.Await(co, f)
}

func (s *Server) methodValueUnlocked(co *asyncrt.Co, f asyncrt.Future[int]) {
	unlock := s.mu.Unlock
	s.mu.Lock()
	s.n++
	unlock()
	asyncrt.Await(co, f)
}

func (s *Server) lockAfterAwait(co *asyncrt.Co, f asyncrt.Future[int]) {
	v := asyncrt.Await(co, f)
	s.mu.Lock()
	s.n = v
	s.mu.Unlock()
}

func (s *Server) branchBalanced(co *asyncrt.Co, f asyncrt.Future[int], b bool) {
	if b {
		s.mu.Lock()
		s.n++
		s.mu.Unlock()
	}
	asyncrt.Await(co, f)
}

func (s *Server) tryLockReleased(co *asyncrt.Co, f asyncrt.Future[int]) {
	if s.mu.TryLock() {
		s.n++
		s.mu.Unlock()
	}
	asyncrt.Await(co, f)
}

// A lock in a plain function with no await point is not this check's
// business.
func (s *Server) syncOnly() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// Poll runs on a worker but cannot suspend in the middle: a lock taken and
// released inside one poll is fine.
type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) Poll(cx *asyncrt.Context) asyncrt.Poll[int] {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return asyncrt.Ready(c.n)
}

// A local mutex guarding work done in a goroutine the task does not wait on.
func goroutineLocal(co *asyncrt.Co, f asyncrt.Future[int]) {
	var mu sync.Mutex
	go func() {
		mu.Lock()
		defer mu.Unlock()
	}()
	asyncrt.Await(co, f)
}

// Each shard is locked and unlocked within its iteration.
func shards(co *asyncrt.Co, all []*Server, f asyncrt.Future[int]) {
	for _, s := range all {
		s.mu.Lock()
		s.n++
		s.mu.Unlock()
	}
	asyncrt.Await(co, f)
}

// Unlock through a sync.Locker made from the same mutex.
func (s *Server) lockerAlias(co *asyncrt.Co, f asyncrt.Future[int]) {
	var l sync.Locker = &s.mu
	s.mu.Lock()
	s.n++
	l.Unlock()
	asyncrt.Await(co, f)
}

// asyncrt.Mutex is made to be held across awaits: its Lock suspends the
// task instead of blocking the worker.
type AsyncGuarded struct {
	mu  asyncrt.Mutex
	rw  asyncrt.RWMutex
	val int
}

func (g *AsyncGuarded) update(co *asyncrt.Co, f asyncrt.Future[int]) {
	g.mu.Lock(co)
	defer g.mu.Unlock()
	g.val = asyncrt.Await(co, f)
}

func (g *AsyncGuarded) read(co *asyncrt.Co, f asyncrt.Future[int]) int {
	g.rw.RLock(co)
	defer g.rw.RUnlock()
	return g.val + asyncrt.Await(co, f)
}

func (g *AsyncGuarded) tryUpdate(co *asyncrt.Co, f asyncrt.Future[int]) {
	if g.mu.TryLock() {
		g.val = asyncrt.Await(co, f)
		g.mu.Unlock()
	}
}
