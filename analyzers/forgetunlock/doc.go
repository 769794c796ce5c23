// Package forgetunlock defines the forgetunlock check: a lock acquired and
// not released on some path to a return, while the function's other
// returns do release it.
//
// This is go vet's lostcancel reasoning applied to locks. A function that
// releases its lock before some returns means to release it before all of
// them; the return that does not (typically an early error return added
// later) leaves the mutex locked forever, and the next Lock anywhere in
// the program blocks. It is one of the most common pure-lock blocking bugs
// in real Go code.
//
// # What is reported
//
// A return (or the end of the function body) where a lock is held on every
// path reaching it, in a function where at least one other return holds it
// on no path. Locks and flow come from passes/lockset: defer mu.Unlock()
// releases at every return, unlock helpers and deferred closures count,
// TryLock holds the lock only where it succeeded. The report is at the
// return, with the Lock call and a releasing return as related
// information; one report per lock and function.
//
// # What is not reported
//
//   - Functions that return holding the lock by design: the lock held at
//     every return (lock helpers, summarized by lockset as acquiring it for
//     the caller); functions whose name says so (containing "lock",
//     "acquire", "grab", "enter": lockLocked, tryAcquire, ...) or whose doc
//     comment mentions "locked", "holding", "held" or "acquires"; the "lock if ok" shape (the lock is reachable by the
//     caller, every return holding it reports success with a nil error or
//     true, every return without it reports failure); returns that hand
//     back a function value (an unlock function).
//   - Panicking paths, returns after a recovered panic, and paths through
//     calls that never return (os.Exit, log.Fatal, t.Fatal, runtime.Goexit).
//   - A lock held at a return on some paths only (correlated branches such
//     as if x { mu.Lock() } ... if x { mu.Unlock() }).
//
// # Limitations
//
// A lock released through an alias the lock analysis cannot relate (a copy
// of the pointer through a φ, an interface method) looks held. Functions
// too large for passes/lockset are skipped.
package forgetunlock

import "honnef.co/go/tools/analysis/lint"

var doc = &lint.RawDocumentation{
	Title: "lock not released on some path to a return",
	Text: `A return where a sync.Mutex or sync.RWMutex is still held, in a function
whose other returns release it. The function clearly means to unlock before
returning; on this path (often an early error return) the lock stays held
forever and the next Lock blocks.

Unlock before the return, or, better, defer the Unlock right after the
Lock so that every path releases it. Functions that return holding the lock
on purpose (named ...Lock/acquire..., documented as returning locked, or
returning true/nil exactly when they keep the lock) are not reported.`,
	Since:    "v0.1.0",
	Severity: lint.SeverityError,
	Options:  []string{"lock_types"},
}
