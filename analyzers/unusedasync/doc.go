// Package unusedasync defines the unusedasync check: a function that takes a
// *asyncrt.Co but never reaches an await point (Clippy's unused_async).
//
// Taking a *asyncrt.Co is what makes a Go function async: only async code
// can call it, because only async code has a co to pass. A function that
// takes one and never suspends makes every caller async for nothing — and
// their callers, up the call graph — while a plain function would do.
//
// # What is reported
//
// A function, method or function literal called on the spot, with a named
// *asyncrt.Co parameter, that
//
//   - may not suspend: it reaches no await point, as the awaitpoints pass
//     computes (Await, Yield, Join, JoinNext, and calls that pass the co to
//     functions that may suspend, in any package); and
//   - uses the co for nothing else: not as a Spawner (Spawn, SpawnBlocking,
//     NewJoinSet), not stored, returned, compared, converted to an
//     interface, captured by a closure or handed to a goroutine — only,
//     possibly, passed as the co argument of functions that themselves do
//     not need it. That last part is computed as a fixed point over the
//     package (so mutually recursive helpers that only pass the co around
//     are reported together) and across packages through the IgnoresCo
//     fact.
//
// The report is at the function's name and says to remove the parameter.
//
// # What is deliberately not reported
//
//   - Functions that must keep their signature: methods whose name and
//     signature match a method of an interface the package declares, uses,
//     or sees in its direct imports; functions and methods mentioned other
//     than as a callee (passed to asyncrt.Async, assigned to a func-typed
//     variable, a method value handed on); function literals that are not
//     called on the spot (they are passed somewhere that fixes their type).
//   - A co parameter that is unnamed or named _: declared unused on purpose.
//   - Stubs: an empty body, or one that only panics.
//   - Exported functions and methods, outside package main: a library may
//     keep a co in its API so that a later version can await without
//     breaking callers. The flag -unusedasync.exported reports them too
//     (it is a flag of this analyzer: go vet -vettool passes it on).
//   - A function that uses its co only to spawn tasks: it needs a co (or
//     could take an asyncrt.Spawner instead, which is a matter of taste).
//   - The runtime's own package.
//
// There is no suggested fix: removing the parameter means editing every
// call site, some of which may be in other packages or in test files of the
// same package that this pass does not see.
//
// # Noise
//
// On the code that uses asyncrt in this repository (the runtime's examples
// and tests, the demo, the analyzers' runtime tests) and on std and the
// module cache (which do not use asyncrt), the check reports nothing it
// should not; see docs/unusedasync.md for the measurement. It is on by
// default.
package unusedasync

import "honnef.co/go/tools/analysis/lint"

var doc = &lint.RawDocumentation{
	Title: "Async function that never awaits",
	Text: `A function that takes a *asyncrt.Co can only be called from async code,
because only async code has a co to pass. If it never reaches an await point
and uses the co for nothing else (spawning, storing), the parameter makes
every caller async for nothing. Remove it and make the function plain.

The check follows the co through calls: a function that only passes its co
to functions that do not need it does not need it either (within the
package and, through facts, across packages).

Not reported: methods matching an interface method, functions used as
values (they must match a func type, e.g. the body given to asyncrt.Async),
literals not called on the spot, a co named _ or unnamed, stubs (empty or
panicking bodies), and exported functions and methods outside package main
unless the flag -unusedasync.exported is set.`,
	Since:    "v0.1.0",
	Severity: lint.SeverityWarning,
	Options:  []string{"exported (analyzer flag -unusedasync.exported)"},
}
