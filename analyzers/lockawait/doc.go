// Package lockawait defines the lockawait check: a sync.Mutex or
// sync.RWMutex held at an await point.
//
// An await point is where a coroutine may suspend: asyncrt.Await,
// asyncrt.Yield, (*asyncrt.JoinHandle).Join, (*asyncrt.JoinSet).JoinNext,
// and any call of a function that may reach one (an async helper called
// with the co runs inline, so its awaits are the caller's). When a task
// suspends, its worker runs other tasks. If the task holds a sync lock
// while suspended, the next task on that worker that locks it blocks the
// whole worker thread; on a single worker, or when every worker ends up
// blocked this way, the task holding the lock is never polled again and
// never unlocks it. asyncrt.Mutex is the lock to hold across awaits: its
// Lock suspends the task instead of blocking the worker.
//
// # What is reported
//
// Each lock held on some path to an await point, reported at the await
// (the await itself, or the call of the async helper that suspends) with
// the Lock call(s) as related information. Locks are:
//
//   - sync.Mutex, both sides of sync.RWMutex (an RLock held across an
//     await is reported too: a writer queued behind it blocks new readers,
//     and the writer itself blocks its worker), types listed in the
//     lock_types setting, and sync.Locker values;
//   - reached through fields, pointers, embedded fields (c.Lock() on a
//     struct embedding sync.Mutex), local variables and globals, method
//     values and method expressions;
//   - taken by a helper that returns holding the lock, in this package or
//     another (the lockset pass's summaries); a helper that also returns
//     the function releasing it (unlock := s.lock(); ...; unlock(), or
//     defer s.lock()()) is understood, so calling that function releases
//     the lock.
//
// The lock state is flow-sensitive over the SSA control-flow graph: a lock
// is held from Lock until the matching Unlock on each path; defer
// mu.Unlock() keeps it held to the function's end; a lock taken in one
// branch is held at the join ("may be held", said so in the message); a
// lock released before the await, directly or by an unlock helper, is not.
// TryLock holds the lock on the branch where it succeeded.
//
// An await point only ever executes inside a coroutine, so any function
// containing one is async code: the check needs no other notion of async
// context.
//
// # What is not reported
//
//   - asyncrt's own locks (asyncrt.Mutex guards, and any synchronization
//     inside the runtime's functions).
//   - A lock held by the caller when an async function is called: the
//     finding is at the caller's call of the async function, which is an
//     await point of the caller.
//   - Locks held in a go statement's body or a SpawnBlocking literal: they
//     run on other threads and do not suspend the task.
//
// # Limitations
//
// Locks are matched by access path (s.mu, c.Mutex, shards[i].mu); two
// different paths to the same mutex (aliases) are different locks, so an
// Unlock through an alias the analysis cannot relate keeps the original
// held. Await points reached through a function value or interface method
// whose signature does not take the *asyncrt.Co, or through a deferred
// call, are not seen: neither a deferred closure that awaits (even one that
// runs before a deferred Unlock, defers being last in, first out) nor a
// literal handed to a helper that calls it while holding a lock
// (withLock(&mu, func() { asyncrt.Await(co, f) })). Helpers that lock conditionally (TryLock wrappers,
// locking on some paths only) are not summarized. Functions too large for
// the lock analysis (see passes/lockset) are skipped silently.
package lockawait

import "honnef.co/go/tools/analysis/lint"

var doc = &lint.RawDocumentation{
	Title: "sync lock held across an await point",
	Text: `A sync.Mutex or sync.RWMutex (either side) held when a coroutine
may suspend: at asyncrt.Await, asyncrt.Yield, (*JoinHandle).Join,
(*JoinSet).JoinNext, or a call of an async helper that reaches one. While
the task is suspended its worker runs other tasks; the first of them to
lock the same mutex blocks the worker thread, and when no worker is left
to poll the holder, it never resumes to unlock: the program hangs.

The check follows locks through fields, pointers, embedded fields and
helpers that lock or unlock for their caller (in any package), and
awaits through async helpers in any package. A lock taken on only some
paths to the await is reported as "may be held".

Release the lock before awaiting (copy what you need out of the guarded
state first), or use asyncrt.Mutex, whose Lock suspends the task instead
of blocking the worker.`,
	Since:    "v0.1.0",
	Severity: lint.SeverityError,
	Options:  []string{"lock_types"},
}
