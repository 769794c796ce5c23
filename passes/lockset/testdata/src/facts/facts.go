package facts

import "sync"

type S struct {
	mu  sync.RWMutex
	n   int
	sub *Inner
}

type Inner struct{ mu sync.Mutex }

var gmu sync.Mutex

func (s *S) lock() { s.mu.Lock() } // want lock:"acquires s.mu"

func (s *S) unlock() { s.mu.Unlock() } // want unlock:"releases s.mu"

func (s *S) rlock() { s.mu.RLock() } // want rlock:`acquires s.mu \(read\)`

func (s *S) runlockDeferred() { // want runlockDeferred:`releases s.mu \(read\)`
	defer s.mu.RUnlock()
	s.n++
}

// lockInner reaches the lock through a pointer field.
func lockInner(s *S) { s.sub.mu.Lock() } // want lockInner:"acquires s.sub.mu"

func lockGlobal() { gmu.Lock() } // want lockGlobal:"acquires facts.gmu"

// lockBoth summarizes two parameters.
func lockBoth(a, b *Inner) { // want lockBoth:"acquires a.mu; acquires b.mu"
	a.mu.Lock()
	b.mu.Lock()
}

// viaHelper acquires through another helper: summaries compose.
func (s *S) viaHelper() { // want viaHelper:"acquires s.mu"
	s.n++
	s.lock()
}

// balanced takes and releases: nothing for the caller.
func (s *S) balanced() {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
}

// conditional acquires on one path only: not summarized.
func (s *S) conditional(b bool) {
	if b {
		s.mu.Lock()
	}
}

// tryLock's result tells the caller; the lock is not known held.
func (s *S) tryLock() bool { return s.mu.TryLock() }

// unlockRelock drops the caller's lock and takes it back on return: the net
// effect is that the caller holds it afterwards.
func (s *S) unlockRelock() { // want unlockRelock:"acquires s.mu"
	s.mu.Unlock()
	defer s.mu.Lock()
	s.n++
}

// deferredClosure releases through a deferred literal.
func (s *S) deferredClosure() { // want deferredClosure:"releases s.mu"
	defer func() {
		s.mu.Unlock()
	}()
	s.n++
}

// A lock of a local object is nothing to the caller.
func newLocked() *Inner {
	in := &Inner{}
	in.mu.Lock()
	return in
}

// Recursion: the summary settles.
func lockDeep(s *S, n int) { // want lockDeep:"acquires s.mu"
	if n == 0 {
		s.mu.Lock()
		return
	}
	lockDeep(s, n-1)
}

// A panic path does not spoil the summary: only returns count.
func lockOrPanic(s *S, ok bool) { // want lockOrPanic:"acquires s.mu"
	if !ok {
		panic("no")
	}
	s.mu.Lock()
}

// Helpers that return the function releasing the lock they took.
func (s *S) guard() func() { // want guard:"acquires s.mu; returns a releaser of s.mu"
	s.mu.Lock()
	return s.mu.Unlock
}

func (s *S) guardLit() func() { // want guardLit:"acquires s.mu; returns a releaser of s.mu"
	s.mu.Lock()
	return func() { s.mu.Unlock() }
}

// Not a releaser on every return: no ReturnedReleases.
func (s *S) maybeGuard(b bool) func() {
	if b {
		return s.mu.Unlock
	}
	return func() {}
}

// The releaser of a read lock.
func (s *S) readGuard() func() { // want readGuard:`acquires s.mu \(read\); returns a releaser of s.mu \(read\)`
	s.mu.RLock()
	return s.mu.RUnlock
}
