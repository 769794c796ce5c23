package a

import (
	"b"
	"sync"
)

type Server struct {
	mu    sync.Mutex
	other sync.Mutex
	rw    sync.RWMutex
	cond  *sync.Cond
	n     int
	peers []*Server
	child *Server
}

func (s *Server) lockUnlockLock() {
	s.mu.Lock()
	s.mu.Unlock()
	s.mu.Lock()
	s.mu.Unlock()
}

func (s *Server) differentLocks() {
	s.mu.Lock()
	s.other.Lock()
	s.other.Unlock()
	s.mu.Unlock()
}

func (s *Server) lenLocked() int { return s.n } // expects s.mu held

func (s *Server) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lenLocked()
}

func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

func (s *Server) releasedBeforeCall() int {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	return s.Count()
}

// Another instance: the helper locks child.mu, not s.mu.
func (s *Server) otherInstance() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.child.Count()
}

// Locks another field of the same type.
func (s *Server) helperOtherLock() {
	s.other.Lock()
	defer s.other.Unlock()
	s.Count()
}

// Only on some paths: correlated branches are not reported.
func (s *Server) correlated(x bool) {
	if x {
		s.mu.Lock()
	}
	if !x {
		s.mu.Lock()
	}
	if x {
		s.mu.Unlock()
	}
}

func (s *Server) tryLock() {
	s.mu.Lock()
	if s.mu.TryLock() {
		s.mu.Unlock()
	}
	s.mu.Unlock()
}

// A go statement runs the helper on another goroutine.
func (s *Server) goroutine() {
	s.mu.Lock()
	go s.Count()
	s.mu.Unlock()
}

// A literal not called here runs later.
func (s *Server) storedLiteral() func() {
	s.mu.Lock()
	defer s.mu.Unlock()
	return func() { s.mu.Lock(); s.mu.Unlock() }
}

// Cond.Wait releases and re-acquires its own lock.
func (s *Server) condWait() {
	s.cond.L.Lock()
	for s.n == 0 {
		s.cond.Wait()
	}
	s.cond.L.Unlock()
}

// The helper drops the caller's lock around the callback.
func (s *Server) unlockedAround(p *b.Pub) {
	p.Mu.Lock()
	p.Unlocked(func() {})
	p.Mu.Unlock()
}

func (s *Server) dropAndRelock() {
	s.mu.Unlock()
	s.n++
	s.mu.Lock()
}

func (s *Server) callsDropAndRelock() {
	s.mu.Lock()
	s.dropAndRelock()
	s.mu.Unlock()
}

// RLock then RUnlock then Lock.
func (s *Server) readThenWrite() {
	s.rw.RLock()
	n := s.n
	s.rw.RUnlock()
	s.rw.Lock()
	s.n = n + 1
	s.rw.Unlock()
}

// Two read-locks of different RWMutexes.
func (s *Server) twoReaders(t *Server) {
	s.rw.RLock()
	t.rw.RLock()
	t.rw.RUnlock()
	s.rw.RUnlock()
}

// Loop with lock/unlock each iteration.
func (s *Server) loop(xs []int) {
	for _, x := range xs {
		s.mu.Lock()
		s.n += x
		s.mu.Unlock()
	}
}

// Peers: a different element each iteration (variable index).
func (s *Server) peersLoop() {
	for i := range s.peers {
		s.peers[i].mu.Lock()
		s.peers[i].n++
		s.peers[i].mu.Unlock()
	}
}

// Different constant indices.
func (t *Table) twoShards() {
	t.shards[0].rw.Lock()
	t.shards[1].rw.Lock()
	t.shards[1].rw.Unlock()
	t.shards[0].rw.Unlock()
}

// Unlock in a deferred closure then relock in another call: not held.
func (s *Server) deferredClosure() {
	func() {
		s.mu.Lock()
		defer func() { s.mu.Unlock() }()
		s.n++
	}()
	s.mu.Lock()
	s.mu.Unlock()
}

// Early return unlocks.
func (s *Server) earlyReturn(x bool) {
	s.mu.Lock()
	if x {
		s.mu.Unlock()
		return
	}
	s.n++
	s.mu.Unlock()
	s.mu.Lock()
	s.mu.Unlock()
}

// Lock passed to a helper that takes a different lock of the argument.
func otherPub(p, q *b.Pub) {
	p.Mu.Lock()
	q.Touch()
	p.Mu.Unlock()
}

// Read lock then calling a helper that takes the mutex (a different lock).
func (s *Server) readAndMutex() {
	s.rw.RLock()
	defer s.rw.RUnlock()
	s.Count()
}

// A deferred Lock is not an acquisition on this path.
func (s *Server) deferredLock() {
	s.mu.Unlock()
	defer s.mu.Lock()
	s.n++
}

// Global unlocked before the helper.
func globalReleased() {
	global.Lock()
	global.Unlock()
	lockGlobal()
}

// The local mutex is a fresh one each call.
func (s *Server) freshLocal() {
	var mu sync.Mutex
	mu.Lock()
	defer mu.Unlock()
	s.Count()
}

// Sync.Once inside a held lock is a different lock.
func (s *Server) once(o *sync.Once) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o.Do(func() {})
}

// Goroutine literal locking the same mutex.
func (s *Server) goLiteral() {
	s.mu.Lock()
	go func() {
		s.mu.Lock()
		s.mu.Unlock()
	}()
	s.mu.Unlock()
}

// WaitGroup and Cond calls are not lock acquisitions of s.mu.
func (s *Server) waitGroup(wg *sync.WaitGroup) {
	s.mu.Lock()
	wg.Add(1)
	s.mu.Unlock()
}

// A generic box of another instance.
func swapBoxes(a, b *Box[int]) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b.Get()
}

// Conditional lock helper with TryLock: not an acquisition.
func (s *Server) tryHelper() bool { return s.mu.TryLock() }

func (s *Server) callsTry() {
	s.mu.Lock()
	s.tryHelper()
	s.mu.Unlock()
}

// A mutex used as a semaphore: another goroutine unlocks it.
func handoff() {
	var mu sync.Mutex
	mu.Lock()
	go func() {
		mu.Unlock()
	}()
	mu.Lock()
}

// The goroutine locks twice and waits for the parent to unlock.
func handoffInLiteral(done chan bool) {
	var mu sync.Mutex
	go func() {
		mu.Lock()
		mu.Lock()
		done <- true
	}()
	mu.Unlock()
}

type mock struct {
	mutex sync.Mutex
	calls []string
}

type call struct{ parent *mock }

func (c *call) lock()   { c.parent.mutex.Lock() }
func (c *call) unlock() { c.parent.mutex.Unlock() }

func (m *mock) fail() {
	m.mutex.Lock()
	defer m.mutex.Unlock()
	m.calls = nil
}

// The lock is released through a sync.Once guard before fail locks it
// again (testify's (*Call).Unset): Do runs c.unlock the first time, so the
// lock is no longer held on every path.
func (c *call) unset(found bool) {
	var unlockOnce sync.Once
	c.lock()
	defer unlockOnce.Do(c.unlock)
	c.parent.calls = c.parent.calls[:0]
	if !found {
		unlockOnce.Do(c.unlock)
		c.parent.fail()
	}
}

type terminal struct {
	lock sync.Mutex
	buf  []byte
	read func([]byte) int
}

// readLine expects t.lock held and drops it around each read of a loop
// (x/term's Terminal.readLine): it re-acquires the caller's lock, it does
// not take it a second time.
func (t *terminal) readLine() string {
	for len(t.buf) < 8 {
		t.lock.Unlock()
		n := t.read(make([]byte, 8))
		t.lock.Lock()
		t.buf = append(t.buf, byte(n))
	}
	return string(t.buf)
}

func (t *terminal) ReadLine() string {
	t.lock.Lock()
	defer t.lock.Unlock()
	return t.readLine()
}
