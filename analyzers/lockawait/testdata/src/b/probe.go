package b

import (
	"sync"

	"lockhelp"

	"github.com/asynclint/asynclint/asyncrt"
)

func (o *Outer) tryAcquire() bool { return o.mu.TryLock() }

func (o *Outer) condHelper(co *asyncrt.Co, f asyncrt.Future[int]) {
	if o.tryAcquire() {
		asyncrt.Await(co, f) // want `PROBE1`
		o.mu.Unlock()
	}
}

func (o *Outer) locked() func() {
	o.mu.Lock()
	return o.mu.Unlock
}

func (o *Outer) deferIdiom(co *asyncrt.Co, f asyncrt.Future[int]) {
	defer o.locked()()
	asyncrt.Await(co, f) // want `PROBE2`
}

func (o *Outer) fieldToParamHelper(co *asyncrt.Co, f asyncrt.Future[int]) {
	lockhelp.Enter(&o.mu)
	asyncrt.Await(co, f) // want `PROBE3`
	lockhelp.Leave(&o.mu)
}

func (o *Outer) deferredAwait(co *asyncrt.Co, f asyncrt.Future[int]) {
	o.mu.Lock()
	defer o.mu.Unlock()
	defer func() {
		asyncrt.Await(co, f) // want `PROBE4`
	}()
	o.count++
}

func withLock[T any](mu *sync.Mutex, fn func() T) T {
	mu.Lock()
	defer mu.Unlock()
	return fn()
}

func (o *Outer) genericWithLock(co *asyncrt.Co, f asyncrt.Future[int]) {
	o.count = withLock(&o.mu, func() int {
		return asyncrt.Await(co, f) // want `PROBE5`
	})
}

func (o *Outer) enterLeaveMismatch(co *asyncrt.Co, f asyncrt.Future[int], other *sync.Mutex) {
	lockhelp.Enter(&o.mu)
	lockhelp.Leave(other)
	asyncrt.Await(co, f) // want `PROBE6`
	o.mu.Unlock()
}

func (o *Outer) lockedDefer2(co *asyncrt.Co, f asyncrt.Future[int]) {
	unlock := o.locked()
	asyncrt.Await(co, f) // want `PROBE7`
	unlock()
}

func (o *Outer) lockedRelease(co *asyncrt.Co, f asyncrt.Future[int]) {
	unlock := o.locked()
	unlock()
	asyncrt.Await(co, f)
}

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
	asyncrt.Await(co, f) // want `PROBE8`
	done()
}
