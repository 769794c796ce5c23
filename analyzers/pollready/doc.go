// Package pollready defines the pollready check: a hand-written Poll that
// polls a child future again after the child returned Ready.
//
// A future must not be polled after it completed. Combinators written by
// hand — a join of two futures, a join over a slice, a "then" that runs one
// future after another, a stream that turns futures into items — keep their
// children in fields and poll them from their own Poll. When one child is
// Ready and the parent still returns Pending (the other child is not done),
// the runtime polls the parent again, and a parent that polls every child
// on every call polls the finished child again. asyncrt's Async futures
// panic ("polled after it completed"); a JoinHandle or Sleep returns Ready
// again; a user's future may redo its side effect, return garbage, or
// block. Tokio's JoinHandle panics too; futures-rs's `Fuse` exists for this.
//
// # What is reported
//
// In every Poll and PollNext method of a type implementing asyncrt.Future or
// asyncrt.Stream, and every poll function (func(*asyncrt.Context)
// asyncrt.Poll[T]), a call of a child future's Poll method where
//
//   - the child is held in state that survives between polls: a field of
//     the receiver (j.a, an element of j.futs) or a variable a poll
//     function captures;
//   - the child's result is tested for readiness (p.IsReady(), its
//     negation, or the ok of p.Value()), so the Ready branch is known; and
//   - from that Ready branch, some path reaches a return that leaves the
//     parent to be polled again — a Poll that may be Pending (Pending(), the
//     zero Poll, another child's poll result), or, in PollNext, anything but
//     Ready(Done()) — or, in a loop, the same child's poll again, while
//     recording nothing that the path to the child's poll tests: neither
//     replacing or clearing the child (j.a = nil, j.a = next()), nor
//     setting state (a done flag, the stored result, a state number) that a
//     condition dominating the poll reads.
//
// The report is at the child's poll, with the return (or the loop's way
// back) as related information.
//
// # What is deliberately not reported
//
//   - A child whose result is returned as is (delegation) or is not tested:
//     nothing is known about its readiness.
//   - A path through a call that may change the future's state (a method
//     of the receiver, a helper handed a field's address): the helper may
//     record the completion. Likewise a condition calling such a helper
//     (if !j.aDone() {...}) is taken to test what was recorded.
//   - A future made afresh in Poll (asyncrt.Sleep(d).Poll(cx)): it is not a
//     child kept between polls (and is a different mistake).
//   - Child streams (PollNext may be called again after an item; only after
//     Done it must not, which this check does not follow).
//   - The elements of a slice polled in a loop are different futures: the
//     loop coming back to the poll is not reported for them, only a return
//     that leaves an element to be polled again.
//
// There is no suggested fix: whether to clear the child, keep a flag or
// keep the result is the author's choice.
package pollready

import "honnef.co/go/tools/analysis/lint"

var doc = &lint.RawDocumentation{
	Title: "Child future polled again after it returned Ready",
	Text: `A future must not be polled after it completed. A hand-written Poll that
keeps child futures in fields and polls every child on every call polls a
child that already returned Ready again as soon as it returns Pending for
another reason (the other child of a join is not done). asyncrt's Async
futures panic when polled after completion; other futures may redo their
work or misbehave.

The check reports a child poll whose Ready branch can reach a Pending return
(for PollNext, any return but Ready(Done())), or the same poll again in a
loop, without recording the completion in a way the next poll tests: set the
child to nil or replace it, or keep a done flag or its result and test it
before polling.`,
	Since:    "v0.1.0",
	Severity: lint.SeverityWarning,
}
