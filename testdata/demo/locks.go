package main

// The stock ledger: plain Go locking bugs, no asyncrt involved. Nothing in
// the demo's main calls these methods concurrently, so they do not hang
// here; in a real service each one deadlocks sooner or later.

import (
	"errors"
	"sync"
)

var errUnknownItem = errors.New("unknown item")

type ledger struct {
	mu     sync.Mutex
	counts map[string]int
}

type reservations struct {
	mu   sync.Mutex
	held map[string]int
}

type stock struct {
	ledger       ledger
	reservations reservations
}

// count returns the stock of item. It takes the ledger's lock.
func (s *stock) count(item string) int {
	s.ledger.mu.Lock()
	defer s.ledger.mu.Unlock()
	return s.ledger.counts[item]
}

// restock adds n to item; when the item is low it logs the new count, and
// count locks s.ledger.mu a second time: sync.Mutex is not reentrant
// (doublelock).
func (s *stock) restock(item string, n int) int {
	s.ledger.mu.Lock()
	defer s.ledger.mu.Unlock()
	s.ledger.counts[item] += n
	if s.ledger.counts[item] < 10 {
		return s.count(item)
	}
	return s.ledger.counts[item]
}

// take removes n of item. The unknown-item return forgets the unlock, so
// the next caller blocks forever (forgetunlock).
func (s *stock) take(item string, n int) error {
	s.ledger.mu.Lock()
	if _, ok := s.ledger.counts[item]; !ok {
		return errUnknownItem
	}
	s.ledger.counts[item] -= n
	s.ledger.mu.Unlock()
	return nil
}

// reserve locks the ledger, then the reservations.
func (s *stock) reserve(item string, n int) {
	s.ledger.mu.Lock()
	defer s.ledger.mu.Unlock()
	s.reservations.mu.Lock()
	defer s.reservations.mu.Unlock()
	s.ledger.counts[item] -= n
	s.reservations.held[item] += n
}

// release locks the reservations, then the ledger: the opposite order to
// reserve, so a reserve and a release running together deadlock (lockorder).
func (s *stock) release(item string) {
	s.reservations.mu.Lock()
	defer s.reservations.mu.Unlock()
	n := s.reservations.held[item]
	delete(s.reservations.held, item)
	s.ledger.mu.Lock()
	defer s.ledger.mu.Unlock()
	s.ledger.counts[item] += n
}

// stockChecks runs the ledger once, on one goroutine, where none of its
// bugs can bite; the linter finds them all the same.
func stockChecks() int {
	s := &stock{ledger: ledger{counts: map[string]int{"tea": 40}}, reservations: reservations{held: map[string]int{}}}
	s.reserve("tea", 2)
	s.release("tea")
	if err := s.take("tea", 1); err != nil {
		return -1
	}
	return s.count("tea")
}

// auditor collects stock changes through a channel.
type auditor struct {
	mu     sync.Mutex
	events chan string
	log    []string
}

// record stamps an event under a.mu, then hands it to the drainer.
func (a *auditor) record(e string) {
	a.mu.Lock()
	a.log = append(a.log, e)
	a.mu.Unlock()
	a.events <- e
}

// drain waits for the next event while holding a.mu: when the buffer is
// empty, record is stuck at a.mu.Lock, so nobody ever sends (lockblock).
func (a *auditor) drain() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return <-a.events
}

// auditChecks records and drains one event; the buffer keeps this single
// goroutine from waiting, the linter finds the hazard all the same.
func auditChecks() string {
	a := &auditor{events: make(chan string, 1)}
	a.record("tea reserved")
	return a.drain()
}
