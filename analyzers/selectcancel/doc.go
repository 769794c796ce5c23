// Package selectcancel defines the selectcancel check: inside a loop, an
// asyncrt.Select or asyncrt.Race over a future that is not cancel-safe and
// is made anew in each iteration.
//
// Select and Race are ready as soon as one of their futures is; the others
// are dropped at that moment. A future is cancel-safe when dropping it
// before it completes loses nothing: a channel receive that has taken no
// value yet, a lock not yet acquired. An async function is not, in
// general: dropped between two of its awaits, it loses what it had done —
// the first half of a message it read, the value it received before waiting
// for the next. In a loop that makes the future again in each iteration
// (select { case msg := <-readFrame(conn): ... case <-tick: ... }), every
// time the other branch wins, that partial work is thrown away: data is
// lost, not delayed. This is the cancellation-safety trap of Tokio's
// select!.
//
// # What is reported
//
// A call of asyncrt.Select, asyncrt.SelectBiased or asyncrt.Race evaluated
// in every iteration of a for or range loop of the same function, one of
// whose futures — the first argument of an asyncrt.Case, or an argument of
// Race — is made in the iteration (a call, or a composite literal, written
// there or in a variable declared in the loop body) and is not cancel-safe.
// Timeout, WithCancel, Map, Race and Select around such a future are looked
// through; the report names the innermost offending expression.
//
// # What is cancel-safe
//
//   - asyncrt's operations, as its documentation states them, kept as data in
//     knowledge.go: receives (RecvFuture of the mpsc, broadcast and watch
//     channels, a OneshotReceiver), SendFuture (its value comes back through
//     Unsent), lock, semaphore, notify, barrier and cancellation waits,
//     Sleep, Interval.Tick, NextItem, ReadyFuture, Never, Lazy, and the
//     JoinHandles of Spawn and friends (a dropped handle detaches its task).
//     Timeout, WithCancel, Map, Race and Select are as safe as what they
//     wrap. Async, Join, JoinAll, TryJoinAll, Collect, ForEach,
//     OnceCell.GetOrInitFuture, AbortOnDrop and PollFn are not;
//   - functions, methods and types declared with the directive
//     //asynclint:cancelsafe in their doc comment (for a type: its values,
//     for example &myFuture{} literals). The directive travels to other
//     packages as a fact.
//
// Everything else — user functions returning futures, function values — is
// taken as not cancel-safe.
//
// # Deliberately not reported
//
//   - Futures made before the loop (or in a for statement's init), fields
//     and elements, and futures made from the loop's own variables
//     (fetch(u) over the urls of a range loop): each iteration is then a
//     different operation, and losing it to the other branch is what a race
//     or a timeout is for. A future kept in a variable across iterations is
//     not reported either, although asyncrt's Select drops its losers: only
//     a JoinHandle (which a lost Select detaches) can be waited for again
//     after another branch won; a dropped Async future panics when polled
//     again. The check cannot tell whether the loop goes on after the other
//     branch wins.
//   - Cases built outside the Select call (a []SelectCase, Race(fs...)).
//   - A Select in a function literal inside the loop: the literal may run
//     anywhere.
//   - Re-made Sleeps: they lose nothing but the time waited, which is often
//     the intent (an idle timeout); an overall deadline belongs before the
//     loop, but this check cannot tell which was meant.
//
// The message suggests starting the work once, before the loop, as a task
// (asyncrt.Spawn) and waiting for its JoinHandle in the Select: a lost
// Select leaves the task running, and the next one is spawned only after it
// completed. There is no suggested fix: that changes where the work runs
// and needs a person to place the replacement. Functions that return
// futures made only of cancel-safe parts (return asyncrt.Map(asyncrt.Sleep(d), f))
// are inferred cancel-safe, and the inference travels as a fact for
// exported functions.
package selectcancel

import "honnef.co/go/tools/analysis/lint"

var doc = &lint.RawDocumentation{
	Title: "Future that is not cancel-safe, re-created in a Select or Race loop",
	Text: `Select and Race drop their other futures as soon as one is ready. A future
that is not cancel-safe — an async function in general — loses what it had
done when dropped: a message half read, a value received before waiting for
the next. Made anew in each iteration of a loop around Select, it is
dropped every time another branch wins, and that work or data is lost.

The check reports such futures: made in the loop (a call or composite
literal, possibly through a variable declared in the loop) and not
cancel-safe. asyncrt's cancel-safe operations (channel receives, lock and
semaphore acquisition, Notify, Sleep, ...) are known from the runtime's
documentation; Timeout, Map, Race and Select are looked through. Mark your
own functions or future types //asynclint:cancelsafe when dropping them loses
nothing.

Start the work once before the loop as a task (asyncrt.Spawn) and wait for
its JoinHandle in the Select — a lost Select leaves the task running — and
spawn the next one only after it completed.`,
	Since:    "v0.1.0",
	Severity: lint.SeverityWarning,
	Options:  []string{"//asynclint:cancelsafe (directive)"},
}
