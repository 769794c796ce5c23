package states

import (
	"lockdep"
	"sync"
)

func observe() {}

type S struct {
	mu  sync.Mutex
	rw  sync.RWMutex
	p   *S
	n   int
	arr [2]sync.Mutex
}

func basic(s *S) {
	s.mu.Lock()
	observe() // want `held: s.mu must @19`
	s.mu.Unlock()
	observe() // want `held: none`
}

func deferred(s *S) {
	s.mu.Lock()
	defer s.mu.Unlock()
	observe() // want `held: s.mu must deferred-unlock @26`
}

func branch(s *S, b bool) {
	if b {
		s.mu.Lock()
	}
	observe() // want `held: s.mu may @33`
	if b {
		s.mu.Unlock()
	}
}

func twoSites(s *S, b bool) {
	if b {
		s.mu.Lock()
	} else {
		s.mu.Lock()
	}
	observe() // want `held: s.mu must @43,45`
	s.mu.Unlock()
}

func loop(s *S, n int) {
	for i := 0; i < n; i++ {
		s.mu.Lock()
		observe() // want `held: s.mu must @53`
		s.mu.Unlock()
	}
	observe() // want `held: none`
}

func loopNoUnlock(s *S, n int) {
	for i := 0; i < n; i++ {
		observe() // want `held: s.mu may @63`
		s.mu.Lock()
	}
}

func try(s *S) {
	if s.mu.TryLock() {
		observe() // want `held: s.mu must @68`
		s.mu.Unlock()
	} else {
		observe() // want `held: none`
	}
	if !s.mu.TryLock() {
		observe() // want `held: none`
		return
	}
	observe() // want `held: s.mu must @74`
	s.mu.Unlock()
}

func readWrite(s *S) {
	s.rw.RLock()
	observe() // want `held: s.rw read must @83`
	s.rw.RUnlock()
	s.rw.Lock()
	observe()      // want `held: s.rw must @86`
	s.rw.RUnlock() // the read side is not the write side
	observe()      // want `held: s.rw must @86`
	s.rw.Unlock()
}

type Cache struct {
	sync.Mutex
	m map[string]int
}

func embedded(c *Cache) {
	c.Lock()
	observe() // want `held: c.Mutex must @99`
	c.Unlock()
	observe() // want `held: none`
}

func alias(s *S) {
	mu := &s.mu
	s.mu.Lock()
	observe() // want `held: s.mu must @107`
	mu.Unlock()
	observe() // want `held: none`
}

func pointerField(s *S) {
	s.p.mu.Lock()
	observe() // want `held: s.p.mu must @114`
	s.p.mu.Unlock()
	observe() // want `held: none`
}

func (s *S) lock()   { s.mu.Lock() }
func (s *S) unlock() { s.mu.Unlock() }

func helpers(s *S) {
	s.lock()
	observe() // want `held: s.mu must @124 via \(\*states.S\).lock`
	s.unlock()
	observe() // want `held: none`
}

func crossPackage(st *lockdep.Store) {
	st.Acquire()
	observe() // want `held: st.Mutex must @131 via \(\*lockdep.Store\).Acquire`
	st.Release()
	observe() // want `held: none`
	lockdep.LockGlobal()
	observe() // want `held: lockdep.Global must @135 via lockdep.LockGlobal`
	lockdep.Global.Unlock()
	observe() // want `held: none`
}

func deferredClosure(s *S) {
	s.mu.Lock()
	defer func() {
		observe() // want `held: none`
		s.mu.Unlock()
	}()
	observe() // want `held: s.mu must deferred-unlock @142`
}

func deferredHelper(s *S) {
	s.mu.Lock()
	defer s.unlock()
	observe() // want `held: s.mu must deferred-unlock @151`
}

var gmu sync.Mutex

func global() {
	gmu.Lock()
	observe() // want `held: gmu must @159`
	gmu.Unlock()
}

func locker(l sync.Locker) {
	l.Lock()
	observe() // want `held: l must @165`
	l.Unlock()
	observe() // want `held: none`
}

func methodValue(s *S) {
	unlock := s.mu.Unlock
	s.mu.Lock()
	observe() // want `held: s.mu must @173`
	unlock()
	observe() // want `held: none`
}

func methodExpr(s *S) {
	(*sync.Mutex).Lock(&s.mu)
	observe() // want `held: s.mu must @180`
	(*sync.Mutex).Unlock(&s.mu)
	observe() // want `held: none`
}

func (s *S) getMu() *sync.Mutex { return &s.mu }

func getter(s *S) {
	s.getMu().Lock()
	observe() // want `held: s.getMu\(\) must @189`
	s.getMu().Unlock()
	observe() // want `held: none`
}

type Guarded[T any] struct {
	mu  sync.Mutex
	val T
}

func generic[T any](g *Guarded[T], v T) {
	g.mu.Lock()
	observe() // want `held: g.mu must @201`
	g.val = v
	g.mu.Unlock()
	observe() // want `held: none`
}

func local() {
	var mu sync.Mutex
	mu.Lock()
	observe() // want `held: mu must @210`
	func() {
		defer mu.Unlock()
	}()
	observe() // want `held: none`
}

func index(s *S) {
	s.arr[0].Lock()
	s.arr[1].Lock()
	observe() // want `held: s.arr\[0\] must @219; s.arr\[1\] must @220`
	s.arr[0].Unlock()
	observe() // want `held: s.arr\[1\] must @220`
	s.arr[1].Unlock()
}

func goStatement(s *S) {
	go s.lock()
	observe() // want `held: none`
}

func shardLoop(shards []*S) {
	for _, sh := range shards {
		sh.mu.Lock()
		observe() // want `held: sh.mu must @234`
		sh.mu.Unlock()
	}
}
