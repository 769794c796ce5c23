package custom

import "sync"

func observe() {}

// SpinLock is listed in the LockTypes setting by the test.
type SpinLock struct{ state int32 }

func (l *SpinLock) Lock()   {}
func (l *SpinLock) Unlock() {}

// Unlisted has the same methods but is not a lock.
type Unlisted struct{}

func (Unlisted) Lock()   {}
func (Unlisted) Unlock() {}

type T struct {
	spin SpinLock
	u    Unlisted
	rw   sync.RWMutex
}

func spin(t *T) {
	t.spin.Lock()
	observe() // want `held: t.spin must @26`
	t.spin.Unlock()
	t.u.Lock()
	observe() // want `held: none`
	t.u.Unlock()
}

func tryRead(t *T) {
	if t.rw.TryRLock() {
		observe() // want `held: t.rw read must @35`
		t.rw.RUnlock()
	}
	ok := t.rw.TryLock()
	observe() // want `held: none`
	if ok {
		t.rw.Unlock()
	}
}

// A parameter captured (and so spilled) by a closure is still the
// parameter: the closure's unlock releases the caller's lock.
func captured(t *T) {
	t.rw.Lock()
	release := func() { t.rw.Unlock() }
	observe() // want `held: t.rw must @49`
	release()
	observe() // want `held: none`
}

func (t *T) lockDeep(n int) {
	if n == 0 {
		t.rw.Lock()
		return
	}
	t.lockDeep(n - 1)
}

func recursion(t *T) {
	t.lockDeep(3)
	observe() // want `held: t.rw must @65 via \(\*custom.T\).lockDeep`
	t.rw.Unlock()
}

func (t *T) maybeLock(b bool) {
	if b {
		t.rw.Lock()
	}
}

// A conditional helper is not summarized: nothing is known held.
func conditional(t *T) {
	t.maybeLock(true)
	observe() // want `held: none`
}

// Dropping and re-taking the caller's lock (unlock, defer lock) leaves the
// caller holding it.
func (t *T) slow() {
	t.rw.Unlock()
	defer t.rw.Lock()
	observe() // want `held: none`
}

func relock(t *T) {
	t.rw.Lock()
	t.slow()
	observe() // want `held: t.rw must @92 via \(\*custom.T\).slow`
	t.rw.Unlock()
}
