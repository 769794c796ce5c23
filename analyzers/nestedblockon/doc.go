// Package nestedblockon defines the nestedblockon check: asyncrt.BlockOn,
// asyncrt.Run or (*asyncrt.Runtime).Close reached from code that runs on an
// executor worker, directly or through helpers.
//
// BlockOn and Run park the calling goroutine until a future completes on a
// runtime; Close waits until every task of a runtime has finished. Called on
// a worker, each would wait for work that may need that very worker (and,
// for Close, for the task calling it). The runtime refuses all three when it
// sees them on a worker: they panic at once ("BlockOn called from inside a
// runtime worker"), the Go counterpart of Tokio's "Cannot start a runtime
// from within a runtime". The panic surfaces from the task as a
// *asyncrt.PanicError; this check finds the call before the program runs.
// (asyncrt's own test TestBlockOnInsideWorkerPanics and this package's
// TestNestedRuntimePanics show the panic, and that it is a panic and not a
// deadlock, on the real runtime.)
//
// # What is reported
//
// In the body of an async function (taking a *asyncrt.Co), a Poll or
// PollNext method, a poll function, and a function literal nested in one of
// those that only runs inline there (as decided by the asyncctx pass):
//
//   - a call to asyncrt.BlockOn, asyncrt.Run or (*asyncrt.Runtime).Close,
//     including deferred calls;
//   - a call to a function that reaches one of them through statically
//     known calls, in this package or another: the report is at the call in
//     async code and names the chain, e.g. "config.Load reaches asyncrt.Run
//     (config.Load → config.fetch → asyncrt.Run)". The chains are the
//     mayblock pass's evidence of class Runtime, so they cross packages as
//     its facts do.
//
// A call to an async function of the same package is not reported at the
// call: its own body is checked, so the finding appears once, where the
// runtime is entered.
//
// # Suggested fix
//
// asyncrt.BlockOn(rt, f) and asyncrt.Run(f) directly in an async function
// with its *asyncrt.Co in scope become asyncrt.Await(co, f): the future runs
// as part of the calling task instead of on a second executor. The fix is
// offered only when dropping the runtime argument loses nothing: it is a
// name or a field selection (not a call such as asyncrt.New()), and, when
// it is a local variable, it is used elsewhere too (so the fix does not
// leave an unused variable). Close has no mechanical fix: close the runtime
// from the code that created it, outside async code.
//
// # What is deliberately not reported
//
//   - Code in go statements and in literals passed to asyncrt.SpawnBlocking:
//     neither runs on a worker, and the runtime allows BlockOn there.
//   - Calls through interfaces and function values: the callee is unknown.
//   - Helpers declared //asynclint:nonblocking: the mayblock pass stops
//     propagation at them, so a BlockOn behind one is not seen.
//
// The blocking check leaves these calls to this check (they are still
// blocking operations in the mayblock pass, whose chains this check
// reports), so each is reported once, saying precisely what happens (a
// panic, not a stall) and offering the rewrite to Await.
package nestedblockon

import "honnef.co/go/tools/analysis/lint"

var doc = &lint.RawDocumentation{
	Title: "Nested runtime: BlockOn, Run or Close called from async code",
	Text: `asyncrt.BlockOn and asyncrt.Run park the calling goroutine until a
future completes, and (*asyncrt.Runtime).Close waits until all of a
runtime's tasks are done. On an executor worker each would wait for work
that may need that very worker, so the runtime refuses them there: they
panic at once, and the task fails with a *asyncrt.PanicError.

The check reports these calls in async functions, Poll methods and poll
functions, directly or through helper functions in any package (with the
call chain). Code in go statements and asyncrt.SpawnBlocking literals does
not run on a worker and is not reported.

Await the future instead: asyncrt.BlockOn(rt, f) and asyncrt.Run(f) with a
*asyncrt.Co in scope have the suggested fix asyncrt.Await(co, f). A helper
that starts a runtime can be run with asyncrt.SpawnBlocking and its
JoinHandle awaited.`,
	Since:    "v0.1.0",
	Severity: lint.SeverityError,
}
