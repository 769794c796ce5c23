// Package awaitinblocking defines the awaitinblocking check: an await point
// inside a function run by asyncrt.SpawnBlocking.
//
// asyncrt.SpawnBlocking(s, fn) runs fn on the runtime's blocking pool, a
// set of plain goroutines kept apart from the workers so that blocking
// calls do not stall them. fn is not an async function: it has no
// coroutine, and nothing there can suspend. The only way to write an await
// in it is with a *asyncrt.Co from elsewhere — in practice the co of the
// async function that called SpawnBlocking, captured by the literal. That
// coroutine is usually suspended in Join, waiting for fn, and the await
// panics ("*Co used while its async function is not running"); if it is
// still running, the await races with it on its worker's state.
//
// # What is reported
//
// In a function literal passed to asyncrt.SpawnBlocking (directly or
// through a variable), and in the literals nested in it that do not run as
// a coroutine or goroutine of their own, every await point as the
// awaitpoints pass defines them: asyncrt.Await, asyncrt.Yield,
// (*asyncrt.JoinHandle).Join, (*asyncrt.JoinSet).JoinNext, and calls of
// functions that may suspend (in this package or, through MaySuspend facts,
// any other), with the chain: "fetch suspends (a.fetch → asyncrt.Await)
// inside a function run by asyncrt.SpawnBlocking …".
//
// A named function or method value passed to SpawnBlocking is reported at
// the SpawnBlocking call when it may suspend.
//
// # Deliberately not reported
//
//   - Awaits in an asyncrt.Async literal nested in the blocking function
//     (asyncrt.BlockOn(rt, asyncrt.Async(func(co *asyncrt.Co) T { ... })) is
//     allowed on the blocking pool): that body is a coroutine with its own co.
//   - Awaits in a go statement's body nested in the blocking function: the
//     coescape check reports the co crossing to the goroutine.
//   - Other uses of a captured co in the blocking function (Spawn with it,
//     passing it on): the coescape check reports those.
//   - A function value of unknown origin passed to SpawnBlocking.
//
// There is no suggested fix: moving the await out of the blocking function
// means splitting its work in two, which needs a person.
package awaitinblocking

import "honnef.co/go/tools/analysis/lint"

var doc = &lint.RawDocumentation{
	Title: "Await inside an asyncrt.SpawnBlocking function",
	Text: `A function passed to asyncrt.SpawnBlocking runs on the blocking pool, on
a plain goroutine with no coroutine: nothing there can suspend. An Await,
Yield, Join or JoinNext there (or a call of a helper that awaits) must use a
*asyncrt.Co from elsewhere, in practice the captured co of the async
function that spawned it — which is suspended in Join meanwhile, so the
await panics, or still running, so the await races with it.

The check reports every await point in a SpawnBlocking literal (and in the
literals it runs that are not coroutines of their own), and named functions
passed to SpawnBlocking that may suspend.

Do the blocking work in the SpawnBlocking function and await in the async
function, after Join returns; or spawn the async part as a task with
asyncrt.Spawn.`,
	Since:    "v0.1.0",
	Severity: lint.SeverityError,
}
