// Package doublelock defines the doublelock check: a sync.Mutex or
// sync.RWMutex acquired again on a path where the same goroutine already
// holds it.
//
// Go's mutexes are not reentrant. Lock on a mutex the goroutine holds waits
// for itself forever; so do RLock while write-locked and Lock while
// read-locked (a RWMutex cannot be upgraded). A second RLock while
// read-locked usually works, but sync.RWMutex forbids it: once another
// goroutine calls Lock between the two, the second RLock queues behind that
// writer and the writer waits for the first RLock, the read-write-read
// deadlock. Studies of real Go blocking bugs (GCatch, GFix) find double
// locking among the most common pure-lock bugs, typically a method that
// locks and calls another exported method of the same type that locks
// again.
//
// # What is reported
//
// An acquisition (Lock, RLock, or a call of a helper whose lockset summary
// returns holding the lock) of a lock that is held on every path to it, and
// a call of a function that may acquire the same lock while it runs: the
// helper is followed through static calls in this package and, by the
// lockacq pass's object facts, in other packages ("by (*T).Flush →
// (*T).write" in the message). Locks are compared by access path (s.mu,
// c.Mutex, shards[0].mu, a global): the receiver passed to the helper is
// mapped onto the helper's parameter, so s.a.Lock(); s.b.helper() is not
// a double lock of different instances.
//
// # What is not reported
//
//   - A lock held on some paths only ("may be held"): correlated branches
//     (if x { mu.Lock() } ... if x { mu.Unlock() }) make those mostly false
//     alarms.
//   - TryLock/TryRLock (they never wait), deferred Lock calls, acquisitions
//     in go statements and in function literals that are not called
//     directly (they run later or elsewhere).
//   - A helper that first releases the caller's lock and re-acquires it
//     (sync.Cond.Wait, "unlock around the slow call" helpers).
//   - Two different paths to the same mutex (p.mu and q.mu with p == q):
//     there is no alias analysis.
//
// # Limitations
//
// Calls through interfaces and function values are not followed. Helpers
// that lock conditionally on an argument are assumed to lock. Functions too
// large for passes/lockset are skipped.
package doublelock

import "honnef.co/go/tools/analysis/lint"

var doc = &lint.RawDocumentation{
	Title: "lock acquired again while already held",
	Text: `A sync.Mutex or sync.RWMutex acquired on a path where this goroutine
already holds it: directly, or by calling a function (in any package) that
locks it. Go's mutexes are not reentrant: Lock after Lock, RLock after Lock
and Lock after RLock wait forever. RLock after RLock deadlocks as soon as a
writer calls Lock in between (sync.RWMutex forbids recursive read locking).

Release the lock before the call, or split the helper into a locking
wrapper and an unexported variant that expects the lock to be held
(conventionally named ...Locked).`,
	Since:    "v0.1.0",
	Severity: lint.SeverityError,
	Options:  []string{"lock_types"},
}
