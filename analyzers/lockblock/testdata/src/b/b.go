// Package b is a library whose blocking operations reach callers in
// package a through facts.
package b

import "sync"

// Queue hands items from Push to Pop.
type Queue struct {
	items chan int
	mu    sync.Mutex
	n     int
}

func NewQueue() *Queue { return &Queue{items: make(chan int)} }

// Push sends an item.
func (q *Queue) Push(v int) { q.items <- v }

// Pop receives an item.
func (q *Queue) Pop() int { return <-q.items }

// PopVia receives two calls down.
func (q *Queue) PopVia() int { return q.pop1() }

func (q *Queue) pop1() int { return q.Pop() }

// PopUnlocked releases the caller's q.mu around the receive.
func (q *Queue) PopUnlocked() int {
	q.mu.Unlock()
	v := <-q.items
	q.mu.Lock()
	return v
}

// Count locks q.mu while it counts, then sends; the lock is its own, so
// the library itself has no hazard.
func (q *Queue) Count(v int) {
	q.mu.Lock()
	q.n++
	q.mu.Unlock()
}
