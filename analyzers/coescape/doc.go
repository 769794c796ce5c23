// Package coescape defines the coescape check: a *asyncrt.Co used outside
// its own coroutine.
//
// A *asyncrt.Co is the handle of one running async function. It is valid
// only inside that function's body (and the functions it calls with it,
// which run inline), and only while the body runs. Every use checks this at
// run time: used while its coroutine is suspended or finished, Await, Yield,
// Spawn and Join panic ("*Co used while its async function is not running",
// "*Co used after its async function returned", "Await called with the *Co
// of another coroutine"); used from another goroutine while the coroutine
// runs, they race with it on the worker's state. In Rust a future that
// borrows its context across threads does not compile ("future is not
// Send", lifetime errors); in Go nothing stops it but this check.
//
// # What is reported
//
// A mention of a variable of type *asyncrt.Co (a parameter, or any local
// holding one: aliases are variables too) beyond the coroutine of the
// function that declares it:
//
//   - inside a go statement: in the go'd function literal, or passed as an
//     argument of the go'd call;
//   - inside a function literal passed to a function that runs it on a new
//     goroutine: time.AfterFunc, context.AfterFunc, (*sync.WaitGroup).Go,
//     and the Go/TryGo methods of errgroup and conc;
//   - inside a function literal passed to asyncrt.SpawnBlocking (it runs on
//     the blocking pool) — except mentions that are the co argument of an
//     await point (Await(co, f), h.Join(co), an async helper): awaiting
//     there is the awaitinblocking check's finding, reported once, there;
//   - inside the body of another coroutine, a function literal passed to
//     asyncrt.Async whose own *Co is a different one (suggested fix: use
//     the body's own co);
//   - inside a function literal that is returned, stored (field, package
//     variable, variable of an enclosing function, composite literal) or
//     sent on a channel: it may run after its async function returned.
//
// Each variable is reported once per boundary, at its first mention, with
// the go statement or literal as related information.
//
// And a *Co stored where it outlives its async function:
//
//   - assigned to a struct field, a package variable, a variable of an
//     enclosing function (the classic `kept = co` from inside an Async
//     literal), a slice, array or map element, or through a pointer;
//   - put in a composite literal (struct, slice, array, map), appended to a
//     slice, sent on a channel, or returned.
//
// Passing co as an argument to a function called in the body is the normal
// inline await and is not reported; neither are literals called on the
// spot, deferred, or passed to other functions (assumed to call them
// synchronously, as sort.Slice does), nor aliases in local variables.
//
// # Deliberately not reported, and limitations
//
//   - A literal assigned to a local variable and started later
//     (f := func() { ... co ... }; go f()) is not followed.
//   - A *Co stored into a struct that never outlives the call (a
//     context-carrying helper struct) is reported all the same, like
//     containedctx reports a context.Context in a struct: pass co as a
//     parameter instead.
//   - Uses of a *Co read back from a field or a package variable are not
//     reported; the store is.
//   - Escapes through interface values (var s asyncrt.Spawner = co), and
//     functions of other packages that start goroutines with the co they are
//     given, are not seen.
//   - The runtime's own package is not checked.
package coescape

import "honnef.co/go/tools/analysis/lint"

var doc = &lint.RawDocumentation{
	Title: "*asyncrt.Co used outside its own coroutine",
	Text: `A *asyncrt.Co is the handle of one running async function: valid only in
that function's body (and in functions it calls with it, which run inline)
and only while the body runs. Used after the body returned, while it is
suspended, or by another coroutine, Await, Yield, Spawn and Join panic; used
from another goroutine while the body runs, they race with it on the
worker's state.

The check reports a co mentioned inside a go statement, a literal passed to
time.AfterFunc, sync.WaitGroup.Go or errgroup's Go, a literal passed to
asyncrt.SpawnBlocking (non-await uses; awaits there are reported by
awaitinblocking), the body of another asyncrt.Async literal, or a literal
that is returned, stored or sent; and a co stored in a field, a package
variable, a variable of an enclosing function, a slice, map or composite
literal, sent on a channel, or returned.

Pass the co as a parameter to the code that needs it; inside an
asyncrt.Async body use that body's own co (suggested fix); spawn an asyncrt
task instead of a goroutine.`,
	Since:    "v0.1.0",
	Severity: lint.SeverityError,
}
