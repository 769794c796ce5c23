// Package b holds a second set of realistic lockawait cases.
package b

import (
	"sync"

	"lockhelp"

	"github.com/asynclint/asynclint/asyncrt"
)

type Inner struct {
	mu    sync.Mutex
	count int
}

type Outer struct {
	*Inner
	rw    sync.RWMutex
	cache map[string]int
	ready bool
}

// ---- Positive ----

// A mutex reached through an embedded pointer.
func (o *Outer) embeddedPointer(co *asyncrt.Co, f asyncrt.Future[int]) {
	o.mu.Lock()
	o.count = asyncrt.Await(co, f) // want `o.mu is held at this await`
	o.mu.Unlock()
}

// RLock, await, RUnlock.
func (o *Outer) readAcross(co *asyncrt.Co, f asyncrt.Future[int]) int {
	o.rw.RLock()
	v := o.cache["k"] + asyncrt.Await(co, f) // want `o.rw is read-locked at this await`
	o.rw.RUnlock()
	return v
}

// Yield through a helper of another package.
func (o *Outer) yieldOtherPackage(co *asyncrt.Co) {
	o.rw.Lock()
	defer o.rw.Unlock()
	lockhelp.Pace(co) // want `o.rw is held across this call of lockhelp.Pace, which may suspend \(via asyncrt.Yield\)`
}

// Joining a spawned task while locked.
func (o *Outer) joinLocked(co *asyncrt.Co, f asyncrt.Future[int]) {
	h := asyncrt.Spawn(co, f)
	o.mu.Lock()
	o.count, _ = h.Join(co) // want `o.mu is held at this await`
	o.mu.Unlock()
}

// A lock taken by a helper that receives the mutex as a parameter.
func paramLocked(co *asyncrt.Co, mu *sync.Mutex, f asyncrt.Future[int]) {
	lockhelp.Enter(mu)
	asyncrt.Await(co, f) // want `mu is held at this await`
	lockhelp.Leave(mu)
}

// Unlocked before the await on every path but one.
func (o *Outer) allButOne(co *asyncrt.Co, f asyncrt.Future[int], mode int) {
	o.mu.Lock()
	if mode == 0 {
		o.mu.Unlock()
	} else if mode == 1 {
		o.count++
		o.mu.Unlock()
	}
	asyncrt.Await(co, f) // want `o.mu may be held \(locked on some paths\) at this await`
}

// A switch that unlocks in some cases only.
func (o *Outer) switchSome(co *asyncrt.Co, f asyncrt.Future[int], kind string) {
	o.rw.Lock()
	switch kind {
	case "a":
		o.rw.Unlock()
	case "b":
		o.cache[kind] = 1
		o.rw.Unlock()
	case "c":
		o.ready = true
	}
	asyncrt.Await(co, f) // want `o.rw may be held \(locked on some paths\) at this await`
}

// A goto that jumps over the unlock.
func (o *Outer) gotoSkip(co *asyncrt.Co, f asyncrt.Future[int], fast bool) {
	o.mu.Lock()
	if fast {
		goto wait
	}
	o.mu.Unlock()
wait:
	asyncrt.Await(co, f) // want `o.mu may be held \(locked on some paths\) at this await`
}

// A lock taken in a closure called inline.
func (o *Outer) closureLocks(co *asyncrt.Co, f asyncrt.Future[int]) {
	acquire := func() { o.mu.Lock() }
	acquire()
	asyncrt.Await(co, f) // want `o.mu is held at this await`
	o.mu.Unlock()
}

// A shadowed mutex: the inner mu is unlocked, the outer stays locked.
func (o *Outer) shadowed(co *asyncrt.Co, f asyncrt.Future[int], other *sync.Mutex) {
	mu := &o.Inner.mu
	mu.Lock()
	{
		mu := other
		mu.Lock()
		mu.Unlock()
	}
	asyncrt.Await(co, f) // want `mu is held at this await`
	mu.Unlock()
}

// Lock in a loop, unlocked on continue paths but not on the path that
// awaits.
func (o *Outer) loopContinueUnlock(co *asyncrt.Co, fs []asyncrt.Future[int]) {
	for i, f := range fs {
		o.mu.Lock()
		if i%2 == 0 {
			o.mu.Unlock()
			continue
		}
		o.count += asyncrt.Await(co, f) // want `o.mu is held at this await`
		o.mu.Unlock()
	}
}

// asyncrt.Mutex.Lock is itself an await point.
func (o *Outer) asyncLockUnderSync(co *asyncrt.Co, am *asyncrt.Mutex) {
	o.rw.RLock()
	am.Lock(co) // want `o.rw is read-locked across this call of \(\*asyncrt.Mutex\).Lock, which may suspend`
	am.Unlock()
	o.rw.RUnlock()
}

// TryLock success branch awaits.
func (o *Outer) tryLockOK(co *asyncrt.Co, f asyncrt.Future[int]) {
	if !o.rw.TryLock() {
		return
	}
	o.cache["x"] = asyncrt.Await(co, f) // want `o.rw is held at this await`
	o.rw.Unlock()
}

// Async helper of this package called while an RLock is held via defer.
func (o *Outer) fill(co *asyncrt.Co, f asyncrt.Future[int]) int { return asyncrt.Await(co, f) }

func (o *Outer) deferredRUnlock(co *asyncrt.Co, f asyncrt.Future[int]) int {
	o.rw.RLock()
	defer o.rw.RUnlock()
	return o.fill(co, f) // want `o.rw is read-locked across this call of \(\*b.Outer\).fill`
}

// ---- Negative ----

// Every continue path unlocks, and the await happens after the unlock.
func (o *Outer) loopAllUnlock(co *asyncrt.Co, fs []asyncrt.Future[int]) {
	for i, f := range fs {
		o.mu.Lock()
		if i%2 == 0 {
			o.mu.Unlock()
			continue
		}
		o.count++
		o.mu.Unlock()
		asyncrt.Await(co, f)
	}
}

// An early return while locked never reaches the await.
func (o *Outer) earlyReturn(co *asyncrt.Co, f asyncrt.Future[int]) int {
	o.mu.Lock()
	if o.count > 10 {
		defer o.mu.Unlock()
		return o.count
	}
	o.mu.Unlock()
	return asyncrt.Await(co, f)
}

// A switch that unlocks in every case, including default.
func (o *Outer) switchAll(co *asyncrt.Co, f asyncrt.Future[int], kind string) {
	o.rw.Lock()
	switch kind {
	case "a":
		o.rw.Unlock()
	default:
		o.ready = false
		o.rw.Unlock()
	}
	asyncrt.Await(co, f)
}

// A goto that jumps to the unlock.
func (o *Outer) gotoUnlock(co *asyncrt.Co, f asyncrt.Future[int], fast bool) {
	o.mu.Lock()
	if fast {
		goto release
	}
	o.count++
release:
	o.mu.Unlock()
	asyncrt.Await(co, f)
}

// Unlocking through a helper taking the mutex as a parameter.
func paramUnlocked(co *asyncrt.Co, mu *sync.Mutex, f asyncrt.Future[int]) {
	lockhelp.Enter(mu)
	lockhelp.Leave(mu)
	asyncrt.Await(co, f)
}

// A closure called inline that unlocks.
func (o *Outer) closureUnlocks(co *asyncrt.Co, f asyncrt.Future[int]) {
	o.mu.Lock()
	release := func() { o.mu.Unlock() }
	o.count++
	release()
	asyncrt.Await(co, f)
}

// A Co-taking helper of another package that never suspends.
func (o *Outer) nonSuspendingForeign(co *asyncrt.Co, xs []int) {
	o.mu.Lock()
	o.count = lockhelp.Tally(co, xs)
	o.mu.Unlock()
}

// RLock released before the await.
func (o *Outer) readThenAwait(co *asyncrt.Co, f asyncrt.Future[int]) int {
	o.rw.RLock()
	v := o.cache["k"]
	o.rw.RUnlock()
	return v + asyncrt.Await(co, f)
}

// A deferred closure unlocks, and the await comes before the lock.
func (o *Outer) awaitThenLock(co *asyncrt.Co, f asyncrt.Future[int]) {
	v := asyncrt.Await(co, f)
	o.mu.Lock()
	defer func() { o.mu.Unlock() }()
	o.count = v
}

// A failed TryLock does not hold the mutex.
func (o *Outer) tryLockFail(co *asyncrt.Co, f asyncrt.Future[int]) {
	if o.rw.TryRLock() {
		o.ready = true
		o.rw.RUnlock()
		return
	}
	asyncrt.Await(co, f)
}

// A different mutex is unlocked than the one awaited with: mu was unlocked,
// other was never locked.
func (o *Outer) shadowedReleased(co *asyncrt.Co, f asyncrt.Future[int], other *sync.Mutex) {
	mu := other
	mu.Lock()
	{
		mu := &o.Inner.mu
		_ = mu
	}
	mu.Unlock()
	asyncrt.Await(co, f)
}

// Mutexes in map values and slice elements.
type Shards struct {
	byKey map[string]*sync.Mutex
	list  []sync.Mutex
}

// A mutex in a map value: the lock is named by the index expression, and
// the same key read again is recognized as the same mutex.
func (s *Shards) mapValue(co *asyncrt.Co, f asyncrt.Future[int], k string) {
	s.byKey[k].Lock()
	asyncrt.Await(co, f) // want `s.byKey\[k\] is held at this await`
	s.byKey[k].Unlock()
}

// A mutex in a slice element, locked and unlocked with a constant index.
func (s *Shards) sliceElemBalanced(co *asyncrt.Co, f asyncrt.Future[int]) {
	s.list[0].Lock()
	s.list[0].Unlock()
	asyncrt.Await(co, f)
}

// ---- More positive ----

// A read locker made from an RWMutex.
func (o *Outer) rlocker(co *asyncrt.Co, f asyncrt.Future[int]) {
	l := o.rw.RLocker()
	l.Lock()
	asyncrt.Await(co, f) // want `l is held at this await`
	l.Unlock()
}

// A mutex promoted through two embedded structs.
type lockedState struct{ sync.Mutex }

type session struct {
	lockedState
	id int
}

func (s *session) promoted(co *asyncrt.Co, f asyncrt.Future[int]) {
	s.Lock()
	s.id = asyncrt.Await(co, f) // want `s.lockedState.Mutex is held at this await`
	s.Unlock()
}

// A labeled break leaves the loop without unlocking.
func (o *Outer) labeledBreak(co *asyncrt.Co, fs []asyncrt.Future[int]) {
outer:
	for _, f := range fs {
		o.mu.Lock()
		if o.count > 3 {
			break outer
		}
		o.count += asyncrt.Await(co, f) // want `o.mu is held at this await`
		o.mu.Unlock()
	}
	asyncrt.Yield(co) // want `o.mu may be held \(locked on some paths\) at this await`
}

// ---- More negative ----

// Unlock through a method value bound before the lock.
func (o *Outer) unlockMethodValue(co *asyncrt.Co, f asyncrt.Future[int]) {
	unlock := o.mu.Unlock
	o.mu.Lock()
	o.count++
	unlock()
	asyncrt.Await(co, f)
}

// A panic path while locked does not reach the await.
func (o *Outer) panicPath(co *asyncrt.Co, f asyncrt.Future[int]) {
	o.mu.Lock()
	if o.count < 0 {
		panic("negative count")
	}
	o.mu.Unlock()
	asyncrt.Await(co, f)
}

// A loop that breaks out after unlocking and awaits only while unlocked.
func (o *Outer) loopBreakUnlocked(co *asyncrt.Co, f asyncrt.Future[int]) {
	for {
		o.mu.Lock()
		if o.ready {
			o.mu.Unlock()
			break
		}
		o.mu.Unlock()
		asyncrt.Await(co, f)
	}
	asyncrt.Yield(co)
}

// A task spawned while locked runs later, without the lock.
func (o *Outer) spawnLocked(co *asyncrt.Co, f asyncrt.Future[int]) *asyncrt.JoinHandle[int] {
	o.mu.Lock()
	defer o.mu.Unlock()
	return asyncrt.Spawn(co, asyncrt.Async(func(co *asyncrt.Co) int {
		return asyncrt.Await(co, f)
	}))
}

// Two awaits around a short critical section.
func (o *Outer) between(co *asyncrt.Co, f, g asyncrt.Future[int]) {
	a := asyncrt.Await(co, f)
	o.mu.Lock()
	o.count += a
	o.mu.Unlock()
	o.count += asyncrt.Await(co, g)
}
