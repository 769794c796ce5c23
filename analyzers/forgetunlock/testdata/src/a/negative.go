package a

import (
	"log"
	"os"
	"sync"
	"testing"
)

func (s *S) deferred(k string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[k]
	if !ok {
		return 0, errBad
	}
	return v, nil
}

func (s *S) bothRelease(k string) int {
	s.mu.Lock()
	if k == "" {
		s.mu.Unlock()
		return 0
	}
	s.mu.Unlock()
	return 1
}

// A lock helper: holds at every return.
func (s *S) hold() { s.mu.Lock() }

// Named as a locking function: returns holding on some paths by design.
func (s *S) lockIfOpen(open bool) bool {
	s.mu.Lock()
	if !open {
		s.mu.Unlock()
		return false
	}
	return true
}

// The "lock if ok" shape without a telling name.
func (s *S) enterIfReady() error {
	s.mu.Lock()
	if s.m == nil {
		s.mu.Unlock()
		return errBad
	}
	return nil
}

func (s *S) begin(ready bool) bool {
	s.mu.Lock()
	if !ready {
		s.mu.Unlock()
		return false
	}
	return true
}

// Documented as returning with the lock held.
//
// On success the caller owns s.mu.
func (s *S) prepare(ok bool) (int, error) {
	s.mu.Lock()
	if !ok {
		s.mu.Unlock()
		return 0, errBad
	}
	return 1, nil
}

// Returns an unlock function.
func (s *S) guard(x bool) func() {
	s.mu.Lock()
	if x {
		s.mu.Unlock()
		return nil
	}
	return s.mu.Unlock
}

// Panicking paths are not returns.
func (s *S) panics(x bool) {
	s.mu.Lock()
	if x {
		panic("x")
	}
	s.mu.Unlock()
}

// Exiting paths do not return either.
func (s *S) exits(x bool) {
	s.mu.Lock()
	if x {
		log.Fatal("x")
		return
	}
	s.mu.Unlock()
}

func (s *S) osExit(x bool) int {
	s.mu.Lock()
	if x {
		os.Exit(1)
		return 1
	}
	s.mu.Unlock()
	return 0
}

func fatal(t *testing.T, s *S, x bool) {
	s.mu.Lock()
	if x {
		t.Fatal("x")
		return
	}
	s.mu.Unlock()
}

// Correlated branches: held on some paths only.
func (s *S) correlated(x bool) {
	if x {
		s.mu.Lock()
	}
	s.m["a"] = 1
	if x {
		s.mu.Unlock()
	}
}

func (s *S) earlyBeforeLock(x bool) {
	if x {
		return
	}
	s.mu.Lock()
	s.m["a"] = 1
	s.mu.Unlock()
}

// Deferred closure releasing.
func (s *S) deferClosure(x bool) int {
	s.mu.Lock()
	defer func() { s.mu.Unlock() }()
	if x {
		return 1
	}
	return 0
}

// Unlock helper on both paths.
func (s *S) helperBoth(x bool) {
	s.mu.Lock()
	if x {
		s.release()
		return
	}
	s.release()
}

// Recover returns.
func (s *S) recovered() (err error) {
	defer func() {
		if recover() != nil {
			err = errBad
		}
	}()
	s.mu.Lock()
	s.m["x"] = 1
	s.mu.Unlock()
	return nil
}

// The single return holds the lock (a constructor returning a locked object).
func newLocked() *S {
	s := &S{}
	s.mu.Lock()
	return s
}

// Loop with continue unlocking.
func (s *S) loopContinue(keys []string) {
	for _, k := range keys {
		s.mu.Lock()
		if k == "" {
			s.mu.Unlock()
			continue
		}
		s.m[k]++
		s.mu.Unlock()
	}
}

// TryLock failure path does not hold.
func (s *S) tryOK() bool {
	if !s.mu.TryLock() {
		return false
	}
	s.mu.Unlock()
	return true
}

// Goroutine body has its own lock discipline.
func (s *S) spawn(x bool) {
	go func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if x {
			return
		}
	}()
}

// RWMutex with both modes released.
func (s *S) readWrite(x bool) {
	s.rw.RLock()
	if x {
		s.rw.RUnlock()
		return
	}
	s.rw.RUnlock()
	s.rw.Lock()
	s.rw.Unlock()
}

// Select with all paths unlocking.
func (s *S) selectAll(ch chan int) int {
	s.mu.Lock()
	select {
	case v := <-ch:
		s.mu.Unlock()
		return v
	default:
	}
	s.mu.Unlock()
	return 0
}

// A lock on a fresh local that is returned.
func makeHeld(x bool) (*sync.Mutex, bool) {
	mu := new(sync.Mutex)
	mu.Lock()
	return mu, x
}

// Unlock in a switch for each case.
func (s *S) switchAll(op int) {
	s.mu.Lock()
	switch op {
	case 0:
		s.mu.Unlock()
		return
	default:
		s.mu.Unlock()
	}
}

// Map of locks with variable key, unlocked on every path.
func (m *M) varKey(k string, x bool) {
	l := m.locks[k]
	l.Lock()
	if x {
		l.Unlock()
		return
	}
	l.Unlock()
}

// Cond wait loop.
func condWait(c *sync.Cond, ready func() bool) {
	c.L.Lock()
	for !ready() {
		c.Wait()
	}
	c.L.Unlock()
}

// Unlocked by a deferred method value.
func (s *S) deferMethodValue(x bool) int {
	s.mu.Lock()
	unlock := s.mu.Unlock
	defer unlock()
	if x {
		return 1
	}
	return 0
}

// Goto to an unlock label.
func (s *S) gotoUnlock(x bool) {
	s.mu.Lock()
	if x {
		goto out
	}
	s.m["a"] = 1
out:
	s.mu.Unlock()
}

// An early return before the Lock shows no intent to release.
func (s *S) earlyThenHeld(x bool) {
	if x {
		return
	}
	s.mu.Lock()
}

// Gives back the caller's read lock with a deferred RLock.
func (s *S) upgradeTemporarily(x bool) int {
	s.rw.RUnlock()
	defer s.rw.RLock()
	s.rw.Lock()
	defer s.rw.Unlock()
	if x {
		return 1
	}
	return 0
}

type node struct {
	mu     sync.Mutex
	parent *node
	dead   bool
}

// Hand-over-hand locking up a tree through a reassigned variable.
func (n *node) prune(x bool) {
	i := n
	if x {
		return
	}
	i.mu.Lock()
	for i.parent != nil && x {
		p := i.parent
		p.mu.Lock()
		i.dead = true
		i.mu.Unlock()
		i = p
	}
	i.mu.Unlock()
}

type promise struct {
	mu      sync.Mutex
	state   int
	waiters int
	value   int
	done    chan struct{}
}

// get hands its lock to run and wait, which release it on every path
// (gopls' memoize.Promise): wait unlocks, waits, then locks again with a
// deferred unlock, which still leaves the caller's lock released.
func (p *promise) get() int {
	p.mu.Lock()
	switch p.state {
	case 0:
		return p.run()
	case 1:
		return p.wait()
	default:
		defer p.mu.Unlock()
		return p.value
	}
}

func (p *promise) run() int {
	p.state = 1
	p.done = make(chan struct{})
	p.mu.Unlock()
	v := 42
	p.mu.Lock()
	p.value, p.state = v, 2
	close(p.done)
	p.mu.Unlock()
	return v
}

func (p *promise) wait() int {
	p.waiters++
	done := p.done
	p.mu.Unlock()
	<-done
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.value
}
