// Package lockblock defines the lockblock check: a sync.Mutex or
// sync.RWMutex held across a Go-native blocking operation (a channel send
// or receive, a select without default, sync.WaitGroup.Wait,
// sync.Cond.Wait) whose only way out is a goroutine that needs the same
// lock first.
//
// The goroutine holding the lock waits for the peer operation; the peer
// goroutine waits for the lock: a circular wait, the lock-and-channel
// deadlock that studies of real Go blocking bugs (GCatch, GFix) find in
// about a fifth of them. Plain "lock held across a send" is often benign
// (the peer never takes the lock), so the check reports only when it can
// name a peer that needs the lock.
//
// # What is reported
//
// A lock held on every path (lockset's must-held state, including a lock
// whose deferred Unlock is pending) at an operation that blocks:
//
//   - a receive (<-ch, v, ok := <-ch, for range ch) when some send on the
//     same channel class, or a close of it, is reached in its function after
//     an acquisition of the same lock class;
//   - a send when some receive (including a range or a select case) is;
//   - a select without default when every case has such a peer (one case
//     whose peer does not need the lock, ctx.Done(), time.After, can
//     unblock it);
//   - (*sync.WaitGroup).Wait when a Done (or Add with a negative constant)
//     on the same WaitGroup class is reached after acquiring the lock:
//     typically go func() { defer wg.Done(); s.mu.Lock(); ... }(); and
//     wg.Go(f) where f acquires it;
//   - (*sync.Cond).Wait with a lock other than c.L held, when c.L is known
//     (sync.NewCond(&x.mu), &sync.Cond{L: ...} stored into the same cond
//     class) and a Signal or Broadcast is reached after acquiring that other
//     lock;
//   - a call of a function that performs one of these, one to three calls
//     deep, in this package or another (passes/chanops exports the
//     operations as facts; the message names the chain).
//
// Channels, wait groups and conds are identified by class (passes/chanops):
// the struct field they are loaded from, "(*pkg.T).ch", whatever variable
// reaches it; a package-level variable; or, within one function and the
// literals capturing it, the local variable or make(chan) value. Locks are
// compared by lockset's class (same field of the same type, a global) or,
// for a local mutex, by its variable. The peer's acquisition is direct
// (Lock, RLock, a helper returning holding the lock) or a call of a
// function that may lock it (passes/lockacq). The peer need not still hold
// the lock at its operation: Lock; Unlock; ch <- v deadlocks too, because
// the sender is stuck at Lock. A deferred peer (defer close(ch), defer
// wg.Done()) happens at return, so any acquisition on a path to a return
// counts. Peer points include the calls of functions that perform the peer
// operation, so a sender that locks and then calls s.emit(v) is found.
//
// Buffered channels: a receive waits on an empty buffer whatever its size
// and is reported as for an unbuffered channel. A send waits only once the
// buffer is full (it only defers the deadlock): it is reported when it
// repeats in a loop (of its function or around a call on its chain) and the
// buffer is smaller than 1024; the message gives the capacity when the
// package makes every channel of the class with one constant size. A single
// send into a buffer (the make(chan T, 1) result idiom) and a 1024+ queue
// sized never to fill are not reported.
//
// Tokens: a send following, in its function, a receive on the same class
// (a token returned; a capacity-1 channel used as a lock), or a receive
// following a send (a semaphore slot released), counts as a peer only when
// the lock is acquired between the take and the give-back; a give-back send
// into a buffered channel never waits, nor does a receive giving back a
// slot its own send took. The take may be a select case and the give-back
// a deferred literal.
//
// Fresh channels: a peer that makes the channel it operates on after its
// acquisition is no peer of it (the holder reaches the channel only once it
// is published, past the acquisition), and an operation on a channel its
// function has just made and stored in a struct it allocated is nobody's
// peer.
//
// # What is not reported
//
//   - Locks held on some paths only, locks released before the operation,
//     and callees that release the caller's lock before blocking (the
//     "unlock around the slow call" helpers).
//   - Channels with no class: call results (ctx.Done(), time.After(d)),
//     parameters of unknown origin, values from interfaces.
//   - A select with a default case; a select with a case whose peer does
//     not take the lock.
//   - Operations in go statements and in function literals that are not
//     called directly (they run on another goroutine or later).
//   - A read-locked RWMutex whose peer only read-locks it (readers do not
//     wait for each other, unless a writer queues between them).
//   - Peers in the holder's own function, and peer operations performed by
//     the same function body as the blocking operation (a helper that
//     receives and then closes): they pair with themselves on one
//     goroutine. A peer whose acquisition and operation are one call (a
//     helper that locks and sends) is decided inside the callee.
//   - A lock that a literal created in the holder releases without having
//     taken it: a binary semaphore handed to another goroutine.
//   - A peer reached only by going around a loop that declares the local
//     mutex anew (another instance).
//   - TryLock acquisitions on the peer side (they never wait), deferred
//     blocking operations (defer wg.Wait()).
//   - Cond.Wait holding only c.L, or when c.L cannot be determined.
//
// # Limitations
//
// Peers are searched only in the package under analysis: the blocking
// operation can come from another package (through facts), but a sender in
// another package that locks is not seen unless this package calls it.
// Classes conflate instances: two different Server values are one class.
// Calls through interfaces and function values are not followed, except
// function-valued struct fields and globals to which the package assigns
// exactly one function. Guarded operations (a receive done only when a
// flag proves a value is buffered) are not understood. Summaries keep at most 16 operations per function and
// chains of at most 3 calls. Functions lockset skips (too large) are not
// checked.
package lockblock

import "honnef.co/go/tools/analysis/lint"

var doc = &lint.RawDocumentation{
	Title: "lock held across a blocking operation whose peer needs the lock",
	Text: `A sync.Mutex or sync.RWMutex is held, on every path, across a channel
send or receive, a select without default, sync.WaitGroup.Wait or
sync.Cond.Wait (directly or in a called function), and the goroutine that
would unblock it (the sender, receiver, closer, the goroutine calling Done,
the signaller) acquires the same lock first. Each waits for the other
forever.

Release the lock before the blocking operation (copy what you need while
holding it), or make the peer stop taking the lock.`,
	Since:    "v0.2.0",
	Severity: lint.SeverityError,
	Options:  []string{"lock_types"},
}
