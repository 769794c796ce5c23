// Package lockdep has lock helpers used from another package.
package lockdep

import "sync"

type Store struct {
	sync.Mutex
	data map[string]int
}

// Acquire locks the store for the caller.
func (s *Store) Acquire() { s.Lock() } // want Acquire:"acquires s.Mutex"

// Release unlocks it.
func (s *Store) Release() { s.Unlock() } // want Release:"releases s.Mutex"

var Global sync.Mutex

func LockGlobal() { Global.Lock() } // want LockGlobal:"acquires lockdep.Global"
