package b

import "sync"

type Store struct {
	mu sync.Mutex
	rw sync.RWMutex
	m  map[string]int
}

// Get locks s.mu for the lookup.
func (s *Store) Get(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[k]
}

// Len read-locks s.rw.
func (s *Store) Len() int {
	s.rw.RLock()
	defer s.rw.RUnlock()
	return len(s.m)
}

// Sum locks through Get, one call deeper.
func (s *Store) Sum(keys ...string) int {
	n := 0
	for _, k := range keys {
		n += s.Get(k)
	}
	return n
}

// Unlocked runs f with s.mu released: the caller holds it.
func (s *Store) Unlocked(f func()) {
	s.mu.Unlock()
	f()
	s.mu.Lock()
}

var Global sync.Mutex

func Bump() {
	Global.Lock()
	Global.Unlock()
}

type Pub struct {
	Mu sync.Mutex
	RW sync.RWMutex
	N  int
}

func (p *Pub) Touch() {
	p.Mu.Lock()
	p.N++
	p.Mu.Unlock()
}

// Deep reaches Touch two calls down.
func (p *Pub) Deep() { p.deeper() }

func (p *Pub) deeper() { p.Touch() }

func (p *Pub) Read() int {
	p.RW.RLock()
	defer p.RW.RUnlock()
	return p.N
}

// Unlocked runs f with p.Mu released: the caller holds it.
func (p *Pub) Unlocked(f func()) {
	p.Mu.Unlock()
	f()
	p.Mu.Lock()
}
