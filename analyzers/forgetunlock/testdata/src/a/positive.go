package a

import (
	"errors"
	"sync"
)

var errBad = errors.New("bad")

type S struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	m     map[string]int
	inner struct{ mu sync.Mutex }
	sync.Mutex
}

func (s *S) earlyError(k string) (int, error) {
	s.mu.Lock()
	v, ok := s.m[k]
	if !ok {
		return 0, errBad // want `s.mu is still locked on this path to return, while other returns release it`
	}
	s.mu.Unlock()
	return v, nil
}

func (s *S) readEarly(k string) int {
	s.rw.RLock()
	if k == "" {
		return -1 // want `s.rw is still locked on this path to return.*call s.rw.RUnlock before returning`
	}
	v := s.m[k]
	s.rw.RUnlock()
	return v
}

func (s *S) writeEarly(k string, v int) bool {
	s.rw.Lock()
	if _, ok := s.m[k]; ok {
		return false // want `s.rw is still locked`
	}
	s.m[k] = v
	s.rw.Unlock()
	return true
}

func (s *S) inLoop(keys []string) int {
	for _, k := range keys {
		s.mu.Lock()
		if k == "stop" {
			return 0 // want `s.mu is still locked`
		}
		s.m[k]++
		s.mu.Unlock()
	}
	return len(keys)
}

func (s *S) switchCase(op int) error {
	s.mu.Lock()
	switch op {
	case 0:
		s.mu.Unlock()
		return nil
	case 1:
		return errBad // want `s.mu is still locked`
	}
	s.mu.Unlock()
	return nil
}

func (s *S) embedded(x bool) {
	s.Lock()
	if x {
		return // want `s.Mutex is still locked`
	}
	s.Unlock()
}

func (s *S) innerField(x bool) int {
	s.inner.mu.Lock()
	if x {
		return 1 // want `s.inner.mu is still locked`
	}
	s.inner.mu.Unlock()
	return 0
}

var global sync.Mutex

func globalEarly(x bool) {
	global.Lock()
	if x {
		return // want `global is still locked`
	}
	global.Unlock()
}

// The release is missing on the implicit return at the end.
func (s *S) fallsOff(x bool) {
	s.mu.Lock()
	if x {
		s.mu.Unlock()
		return
	}
	s.m["x"] = 1
} // want `s.mu is still locked`

// A panic recovered elsewhere is not the path reported; the error return is.
func (s *S) panicAndError(x, y bool) error {
	s.mu.Lock()
	if x {
		panic("boom")
	}
	if y {
		return errBad // want `s.mu is still locked`
	}
	s.mu.Unlock()
	return nil
}

// The error path forgets, even though the function returns an error: the
// mutex stays taken on failure, not on success: no "lock if ok" API.
func (s *S) holdOnFailure(k string) error {
	s.mu.Lock()
	if k == "" {
		return errBad // want `s.mu is still locked`
	}
	s.mu.Unlock()
	return nil
}

func (s *S) holdOnFalse(k string) bool {
	s.mu.Lock()
	if k == "" {
		return false // want `s.mu is still locked`
	}
	s.mu.Unlock()
	return true
}

// A literal has its own returns.
func (s *S) literal() func(bool) {
	return func(x bool) {
		s.mu.Lock()
		if x {
			return // want `s.mu is still locked`
		}
		s.mu.Unlock()
	}
}

func localMutex(x bool) int {
	var mu sync.Mutex
	mu.Lock()
	if x {
		return 1 // want `mu is still locked`
	}
	mu.Unlock()
	return 0
}

func param(mu *sync.Mutex, x bool) int {
	mu.Lock()
	if x {
		return 1 // want `mu is still locked`
	}
	mu.Unlock()
	return 0
}

func viaInterface(l sync.Locker, x bool) {
	l.Lock()
	if x {
		return // want `l is still locked`
	}
	l.Unlock()
}

// TryLock success branch forgets.
func (s *S) tryForget(x bool) bool {
	if !s.mu.TryLock() {
		return false
	}
	if x {
		return true // want `s.mu is still locked`
	}
	s.mu.Unlock()
	return true
}

// Unlocked on the normal path by an unlock helper, not on the early one.
func (s *S) release() { s.mu.Unlock() }

func (s *S) viaHelper(x bool) {
	s.mu.Lock()
	if x {
		return // want `s.mu is still locked`
	}
	s.release()
}

// Two locks; the inner is forgotten.
func (s *S) twoMutexes(x bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rw.Lock()
	if x {
		return // want `s.rw is still locked`
	}
	s.rw.Unlock()
}

// A map of mutexes with a constant key.
type M struct{ locks map[string]*sync.Mutex }

func (m *M) constKey(x bool) {
	m.locks["a"].Lock()
	if x {
		return // want `m.locks\["a"\] is still locked`
	}
	m.locks["a"].Unlock()
}

// Generic type.
type Box[T any] struct {
	mu sync.Mutex
	v  T
}

func (b *Box[T]) Set(v T, ok bool) {
	b.mu.Lock()
	if !ok {
		return // want `b.mu is still locked`
	}
	b.v = v
	b.mu.Unlock()
}

// Select with an early return inside a case.
func (s *S) selectCase(ch chan int) int {
	s.mu.Lock()
	select {
	case v := <-ch:
		if v < 0 {
			return v // want `s.mu is still locked`
		}
	default:
	}
	s.mu.Unlock()
	return 0
}

// Deferred unlock registered only on one branch.
func (s *S) deferOneBranch(x bool) int {
	s.mu.Lock()
	if x {
		defer s.mu.Unlock()
		return 1
	}
	return 0 // want `s.mu is still locked`
}

// Nested if with error check after I/O-like call.
func (s *S) nested(a, b bool) error {
	s.mu.Lock()
	if a {
		if b {
			return errBad // want `s.mu is still locked`
		}
		s.mu.Unlock()
		return nil
	}
	s.mu.Unlock()
	return nil
}

// RLock with early return in a range.
func (s *S) rangeRead(keys []string) (int, bool) {
	s.rw.RLock()
	n := 0
	for _, k := range keys {
		v, ok := s.m[k]
		if !ok {
			return 0, false // want `s.rw is still locked`
		}
		n += v
	}
	s.rw.RUnlock()
	return n, true
}

// goto out skipping the unlock.
func (s *S) gotoSkip(x bool) {
	s.mu.Lock()
	if x {
		goto out
	}
	s.mu.Unlock()
	return
out:
} // want `s.mu is still locked`
