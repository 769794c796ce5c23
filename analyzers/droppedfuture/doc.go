// Package droppedfuture defines the droppedfuture check: a future that is
// created and then dropped — never awaited, polled, spawned or handed on —
// on some path through the function that created it.
//
// A future is lazy. asyncrt.Async, asyncrt.Sleep, a call to an async helper
// returning asyncrt.Future[T]: none of them does anything when called; the
// work runs only when the future is awaited (asyncrt.Await), polled (its
// Poll method), or spawned onto a runtime (asyncrt.Spawn). A dropped future
// is work that silently never happens.
//
// # What is reported
//
// A future is a value whose type has the method Poll(*asyncrt.Context)
// asyncrt.Poll[T]: asyncrt.Future[T] itself, user types with such a
// method, and type parameters whose constraint has it. The check follows
// every future returned by a call and reports it when
//
//   - the call is an expression statement (fetch(url) instead of
//     asyncrt.Await(co, fetch(url))), including a dropped asyncrt.Async
//     literal, a method value (m := c.Fetch; m(url)), and go or defer
//     statements, which discard results;
//   - the future is assigned to _ (also `_, err := mk()` for a call
//     returning a future and an error);
//   - on some path from the call to a return, no variable holding it is
//     awaited, polled, spawned, returned, stored (in a field, slice, map,
//     global or channel), sent, passed to any function or method, or
//     captured by a closure that does one of those and is itself called or
//     handed on (the search follows the future through assignments, phis,
//     conversions and local variables, in the manner of vet's lostcancel);
//   - every variable holding it is overwritten before it is used, notably
//     a future created in a loop iteration and replaced by the next one.
//
// A *asyncrt.JoinHandle is a future too, but its task already runs:
// dropping the handle detaches the task, which is legitimate. It is
// reported only when the task's result type is or contains an error (error
// itself, a struct with an error field such as asyncrt.Result, an array,
// slice or map of them, a pointer to one): then nobody sees that error.
//
// A handle returned by (*JoinSet).Spawn or SpawnNamed is never reported:
// the set keeps the task and JoinNext returns its error. Asking a handle
// IsFinished is a read, not a join.
//
// When the future is an expression statement or assigned to _ and the
// enclosing function or literal has a *asyncrt.Co parameter, the suggested
// fix wraps the call in asyncrt.Await(co, …), with the name the file uses
// for asyncrt.
//
// # What is deliberately not reported
//
//   - A future passed to any function counts as consumed, even
//     fmt.Println(f): the check does not know what a callee does with it,
//     and a false report on a helper that spawns its argument would teach
//     people to ignore the check.
//   - A value of interface type other than a future interface (any, a
//     user interface without Poll) is not followed, whatever its dynamic
//     type: the check cannot know it is a future.
//   - A method whose result has the type of its receiver
//     (req.Header(k, v) returning req) is a builder step returning the
//     future it was called on; dropping that result drops nothing, and
//     calling it does not consume the future either (the result is the
//     same future, followed like a copy).
//   - On the branch where an error returned together with the future is
//     non-nil (f, err := mk(); if err != nil { return err }), where a bool
//     returned with it is false (f, ok := tryFetch(); if !ok { return }),
//     or where the future itself is nil, nothing is dropped.
//   - asyncrt.Drop(f), the explicit way to abandon a future, is a call like
//     any other and consumes it.
//   - Paths that end in a panic or in a call that never returns
//     (log.Fatal, os.Exit) drop nothing worth reporting.
//   - A future read from a field, a parameter, a channel or a map was not
//     created here; whoever created it is responsible for it.
//
// # Limitations
//
// Futures built with a composite literal (&timerFuture{d: d}) are not
// followed: only futures returned by calls are, which is how futures are
// made in practice. A closure that captured the future counts as consuming
// it from the moment it is called or handed on, even if it consumes the
// future only on some of its own paths. Functions too large for the search
// (more than 64 variables holding one future, or more than 16384 steps)
// are skipped silently. Storing a future into a field, map or slice
// counts as handing it on even when the container is a local value that
// is itself discarded (m := map[string]F{}; m["a"] = fetch()), and a
// future that is the operand of one case of a select statement counts as
// sent, whichever case runs.
package droppedfuture

import "honnef.co/go/tools/analysis/lint"

var doc = &lint.RawDocumentation{
	Title: "Future created and never awaited, polled or spawned",
	Text: `A future is lazy: creating one does nothing until it is awaited
(asyncrt.Await), polled, or spawned (asyncrt.Spawn). This check reports a
future returned by a call that is then dropped on some path: used as an
expression statement, assigned to _, never consumed before a return, or
overwritten (for instance by the next iteration of a loop) before use. Any
use that hands the future on counts as consuming it: awaiting, polling,
spawning, returning, storing, sending, passing it to any function, or a
closure capturing it that is called or handed on.

A *asyncrt.JoinHandle is reported only when its task's result is or
contains an error, which dropping the handle loses; detaching a task is
otherwise legitimate.

When a *asyncrt.Co is in scope, the suggested fix wraps the call in
asyncrt.Await(co, …).`,
	Since:    "v0.1.0",
	Severity: lint.SeverityWarning,
}
