// Package missingwake reports hand-written futures and streams that return
// Pending without arranging to be woken, and wakers kept where they can go
// stale or are never woken.
//
// A Poll (or PollNext) that returns Pending promises that cx.Waker() will be
// woken when polling again can make progress. The runtime polls a pending
// task again only when its waker is woken: a Pending return that kept no
// waker leaves the task idle forever. Nothing panics, nothing times out;
// the task just never finishes, and whoever awaits it hangs.
//
// # What it reports
//
// In every Poll and PollNext method of a type implementing asyncrt.Future
// or asyncrt.Stream, and in every function or literal shaped
// func(*asyncrt.Context) asyncrt.Poll[T], each return of a Poll known to be
// Pending — asyncrt.Pending[T](), the zero Poll, a variable holding Pending
// on the path taken, a helper whose every return is Pending — that is
// reachable on a path where none of these happened:
//
//   - a child future or stream was polled with cx (through a field, an
//     interface, a type parameter or a poll helper) and the path did not go
//     through the branch where it returned Ready: a Pending child has
//     registered the waker, a Ready one has not;
//   - cx.Waker(), or a copy, was stored where it outlives the call: a field,
//     a package variable, a map, a slice, a channel, a struct or closure
//     that goes to one of those, or a function whose fact says it keeps or
//     wakes its waker argument (computed across packages by
//     passes/wakerfacts);
//   - the waker was woken, directly or in a deferred call (a yield);
//   - cx was passed to a function whose fact says it registers its waker.
//
// It also reports
//
//   - a stale waker: a *asyncrt.Waker field stored only while it is nil
//     (`if f.w == nil { f.w = cx.Waker() }`). A later poll can come with a
//     different waker (the future moved to another task, a combinator
//     wrapped it), and the stored one wakes the wrong task. Store the waker
//     on every Pending, or replace it when `!f.w.WillWake(cx.Waker())`;
//   - a lost waker: a waker stored into an unexported field (of type
//     *Waker, or a slice, array or map of them) that nothing in the package
//     reads to call Wake or to hand it on. The store keeps the waker alive,
//     so the runtime's lost-waker detector cannot see it, but nothing will
//     ever wake it.
//
// # What it deliberately does not report
//
//   - Code it cannot see is assumed to register: a waker or Context handed
//     to an interface method, a function value, a goroutine, or an imported
//     function without a fact for that parameter (except fmt, log,
//     log/slog and errors, which only print). Unknown code never causes a
//     report.
//   - "Registers on some path" is enough for a helper's fact: a helper
//     that keeps the waker except on an early "already done" return counts
//     as keeping it.
//   - Paths that contradict themselves through the future's own fields
//     (`if j.a == nil {…}` and later `if j.a == nil || j.b == nil`) are not
//     followed; calls are assumed not to change those fields.
//   - A poll inside a loop counts as delegation for every path through the
//     loop (join_all, select over a slice: which iteration's result a later
//     test looks at cannot be told).
//   - A Poll value that is Pending only on some paths (a phi outside the
//     return block, a value loaded from a field) is not known Pending.
//   - Storing the borrowed *asyncrt.Context itself registers nothing (the
//     worker reuses it for its next task), so it is reported like a
//     missing registration; a Context made with asyncrt.NewContext keeps
//     its waker.
//   - The runtime's own package is not checked: it implements wakers out of
//     the very parts this check looks for.
//   - Stale wakers are only recognized in fields compared with nil; a map
//     entry stored only when absent is not (the path where the entry
//     exists is reported as a Pending without registration instead), nor
//     an atomic.Pointer filled with CompareAndSwap(nil, w).
//
// There are no options or directives specific to this check; silence a
// finding with `//asynclint:ignore missingwake reason`.
package missingwake

import "honnef.co/go/tools/analysis/lint"

var doc = &lint.RawDocumentation{
	Title: "Poll returns Pending without registering the waker",
	Text: `A Poll or PollNext method that returns Pending must first arrange for
cx.Waker() to be woken: store it where the awaited event will wake it, poll
a child that returned Pending (the child registered it), or wake it now to
yield. Otherwise the task is never polled again and whoever awaits it hangs.

The check follows every path from the start of a poll function to each
return of a Pending Poll, like vet's lostcancel follows a cancel function,
and reports the returns reached without a registration, including the
Ready branch of a child poll. Helpers that keep or wake their waker are
known across packages through facts.

It also reports wakers stored only on the first poll
(if f.w == nil { f.w = cx.Waker() }), which go stale when the future moves
to another task, and wakers stored in fields that nothing in the package
ever wakes.`,
	Since:    "v0.1.0",
	Severity: lint.SeverityError,
}
