// Package blocking defines the blocking check: an operation that blocks the
// goroutine, reached from code that runs on an asyncrt executor worker.
//
// An async function (one taking a *asyncrt.Co), a Poll or PollNext method of
// a future or stream, and a poll function run on a worker between their
// await points. A worker runs many tasks, one at a time; while one of them is
// parked in time.Sleep, a channel receive or a file read, every other task
// queued on that worker waits too, and if the awaited event is produced by
// one of those tasks the program deadlocks.
//
// # What is reported
//
// In the body of an async function, a Poll/PollNext method, a poll function
// (func(*asyncrt.Context) asyncrt.Poll[T]), and a function literal nested in
// one of those that only runs inline there (called directly, deferred, or
// the body of a range-over-func loop):
//
//   - a blocking operation, as defined by the mayblock pass: channel
//     receive, send and range, select without default, the receive from
//     time.After or a Timer's channel, and calls to the knowledge base's
//     blocking functions (time.Sleep, sync.WaitGroup.Wait, sync.Cond.Wait, file
//     and network I/O including net.Conn/net.Listener methods called through
//     those interfaces, net/http client calls and servers, os/exec and
//     database/sql);
//   - a call to a function that may block: one whose body, transitively,
//     reaches a blocking operation, in this package or in another (through
//     may-block facts). The report is at the call in async code and gives
//     the shortest chain, for example
//     "config.Load may block an executor worker (config.Load → os.ReadFile →
//     os.Open): …". When the operation is in the same package, its position
//     is attached as related information.
//
// A call to an async function or inline literal of the same package is not
// reported at the call: its own body is checked, so the finding appears once,
// where the blocking operation is.
//
// # Suggested fix
//
// time.Sleep(d) directly in async code where a *asyncrt.Co is in scope
// becomes asyncrt.Await(co, asyncrt.Sleep(d)), using the co's name and the
// name the file gives asyncrt (the import is added when missing, and the time
// import removed when that call was its only use). Other operations have no
// mechanical fix; the message names the replacement: asyncrt.Sleep, asyncrt
// channels, awaiting JoinHandles instead of a WaitGroup, or
// asyncrt.SpawnBlocking for I/O and anything else. In Poll
// methods there is no coroutine to await with: the message says to keep
// cx.Waker() and return Pending until the operation can complete (a timer or
// a SpawnBlocking task wakes it).
//
// # What is deliberately not reported
//
//   - asyncrt.BlockOn, asyncrt.Run and (*asyncrt.Runtime).Close, directly
//     or through helpers: they are blocking operations to the mayblock pass,
//     but the nestedblockon check reports them, saying what really happens
//     on a worker (a panic) and offering the rewrite to Await. A helper that
//     also blocks in another way is still reported here, with that chain.
//   - Code in go statements and in literals passed to asyncrt.SpawnBlocking:
//     it runs on its own goroutine or on the blocking pool, where blocking is
//     fine (a go statement capturing the co is the coescape check's concern).
//   - Literals passed to other functions, stored or returned: where they run
//     is unknown.
//   - Calls through interfaces and function values, other than the
//     knowledge base's interface methods (net.Conn, net.Listener,
//     net.PacketConn, http.RoundTripper): the callee is unknown.
//   - sync.Mutex and RWMutex locking (see the lockawait and lockblock
//     checks), printing and logging to standard output and error, and
//     asyncrt's own operations.
//   - Select statements with a default case.
//
// # Directives and settings
//
// //asynclint:blocking in a function's doc comment makes calls to it blocking
// operations; //asynclint:nonblocking asserts a function does not block:
// calls to it are not reported, nothing propagates through it, and nothing
// inside its own body is reported either. The settings' blocking and
// nonblocking lists (asynclint.toml, or the command-line flags) do the same
// for functions the user cannot annotate, such as those of other modules;
// names use go/types' FullName form, e.g. "(*example.com/db.Pool).Get".
//
// # Limitations
//
// The analysis sees only statically known callees: a blocking call behind an
// interface (io.Reader.Read on a file), a function value or reflection is not
// found. Blocking inside the Go runtime itself (allocation, garbage
// collection) is ignored. A function literal handed to another function that
// calls it synchronously (sort.Slice, sync.Once.Do) is not analyzed as async
// code.
package blocking

import "honnef.co/go/tools/analysis/lint"

var doc = &lint.RawDocumentation{
	Title: "Blocking operation in async code",
	Text: `Async functions (taking a *asyncrt.Co), Poll and PollNext methods and poll
functions run on an executor worker, which runs many tasks one at a time.
A blocking operation there — time.Sleep, a channel receive, send or select
without default, sync.WaitGroup.Wait, file, network, process or database
I/O — parks the worker: every other task on it waits, and if the awaited
event comes from one of them, the program deadlocks.

The check reports blocking operations in async code and calls to functions
that may block (transitively, across packages), with the shortest call
chain. Code in go statements and asyncrt.SpawnBlocking literals is not
async code and is not reported. Printing, logging and mutex locking are not
considered blocking. Entering a nested runtime (asyncrt.BlockOn, Run,
Runtime.Close) is reported by the nestedblockon check instead.

time.Sleep(d) with a *asyncrt.Co in scope has a suggested fix:
asyncrt.Await(co, asyncrt.Sleep(d)). Other operations should be replaced by
their asyncrt counterparts or run with asyncrt.SpawnBlocking.

The directives //asynclint:blocking and //asynclint:nonblocking in a
function's doc comment, and the blocking and nonblocking settings, extend
and correct the knowledge base.`,
	Since:    "v0.1.0",
	Severity: lint.SeverityWarning,
	Options:  []string{"blocking", "nonblocking"},
}
