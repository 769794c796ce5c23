// Lock idioms: helpers returning the unlock function, lock helpers taking
// the mutex, and the documented limitations around them.
package b

import (
	"sync"

	"lockhelp"

	"github.com/asynclint/asynclint/asyncrt"
)

// limitation: a helper that locks conditionally (a TryLock wrapper) is not
// summarized, so the await on its success branch is not reported.
func (o *Outer) tryAcquire() bool { return o.mu.TryLock() }

func (o *Outer) condHelper(co *asyncrt.Co, f asyncrt.Future[int]) {
	if o.tryAcquire() {
		asyncrt.Await(co, f)
		o.mu.Unlock()
	}
}

// locked returns holding o.mu, and the function that releases it.
func (o *Outer) locked() func() {
	o.mu.Lock()
	return o.mu.Unlock
}

// defer o.locked()() holds the lock to the end of the function.
func (o *Outer) deferIdiom(co *asyncrt.Co, f asyncrt.Future[int]) {
	defer o.locked()()
	asyncrt.Await(co, f) // want `o.Inner.mu is held at this await`
}

// A lock helper of another package called with a field's address.
func (o *Outer) fieldToParamHelper(co *asyncrt.Co, f asyncrt.Future[int]) {
	lockhelp.Enter(&o.mu)
	asyncrt.Await(co, f) // want `o.Inner.mu is held at this await`
	lockhelp.Leave(&o.mu)
}

// limitation: an await inside a deferred call is not seen, even though
// this deferred closure runs before the deferred Unlock (defers run last in,
// first out) and so awaits holding o.mu.
func (o *Outer) deferredAwait(co *asyncrt.Co, f asyncrt.Future[int]) {
	o.mu.Lock()
	defer o.mu.Unlock()
	defer func() {
		asyncrt.Await(co, f)
	}()
	o.count++
}

func withLock[T any](mu *sync.Mutex, fn func() T) T {
	mu.Lock()
	defer mu.Unlock()
	return fn()
}

// limitation: the await is in a literal that withLock calls while holding
// the lock; calls through function values passed to helpers are not
// followed, so neither the literal's await nor the call of withLock is
// reported.
func (o *Outer) genericWithLock(co *asyncrt.Co, f asyncrt.Future[int]) {
	o.count = withLock(&o.mu, func() int {
		return asyncrt.Await(co, f)
	})
}

// Releasing a different mutex does not release o.mu.
func (o *Outer) enterLeaveMismatch(co *asyncrt.Co, f asyncrt.Future[int], other *sync.Mutex) {
	lockhelp.Enter(&o.mu)
	lockhelp.Leave(other)
	asyncrt.Await(co, f) // want `o.mu is held at this await`
	o.mu.Unlock()
}

// The unlock function returned by a helper is called only after the await.
func (o *Outer) lockedDefer2(co *asyncrt.Co, f asyncrt.Future[int]) {
	unlock := o.locked()
	asyncrt.Await(co, f) // want `o.Inner.mu is held at this await`
	unlock()
}

// Calling the unlock function a helper returned releases the lock (was a
// false positive).
func (o *Outer) lockedRelease(co *asyncrt.Co, f asyncrt.Future[int]) {
	unlock := o.locked()
	unlock()
	asyncrt.Await(co, f)
}

// lockedLit returns a literal that unlocks.
func (o *Outer) lockedLit() func() {
	o.rw.Lock()
	return func() { o.rw.Unlock() }
}

func (o *Outer) litRelease(co *asyncrt.Co, f asyncrt.Future[int]) {
	done := o.lockedLit()
	o.ready = true
	done()
	asyncrt.Await(co, f)
}

func (o *Outer) litHeld(co *asyncrt.Co, f asyncrt.Future[int]) {
	done := o.lockedLit()
	asyncrt.Await(co, f) // want `o.rw is held at this await`
	done()
}

// The unlock function returned by a helper of another package (a fact).
func (o *Outer) foreignGuardReleased(co *asyncrt.Co, f asyncrt.Future[int]) {
	release := lockhelp.Guard(&o.mu)
	o.count++
	release()
	asyncrt.Await(co, f)
}

func (o *Outer) foreignGuardHeld(co *asyncrt.Co, f asyncrt.Future[int]) {
	release := lockhelp.Guard(&o.mu)
	defer release()
	asyncrt.Await(co, f) // want `o.Inner.mu is held at this await`
}
