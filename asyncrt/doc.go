// Package asyncrt is a reference async runtime that brings Rust's
// poll-based model to Go: lazy futures, wakers, coroutine-style async
// functions with explicit await points, a work-stealing executor, tasks,
// timers, and run-time detectors for the pitfalls the asynclint analyzers
// find statically.
//
// # Model
//
// A Future is a lazy computation: nothing happens until it is polled. Poll
// returns Ready with a value, or Pending after keeping the Waker of the
// Context it was polled with; whoever can make progress possible wakes it,
// and the executor polls again. An async function is a Go function taking a
// *Co; Async turns one into a Future whose body runs as a coroutine on the
// worker that polls it, suspending at each Await of a pending future:
//
//	func fetch(co *asyncrt.Co, url string) (string, error) {
//		r := asyncrt.Await(co, asyncrt.Timeout(time.Second, get(url)))
//		return r.Get()
//	}
//
// Calling another async function with the same co runs it inline: an
// implicit await. Between two awaits the body owns its worker, exactly like
// a Rust async fn between two .awaits: it must not block (time.Sleep, a
// sync.Mutex held across an await, blocking I/O), or every task queued
// behind it waits. SpawnBlocking runs blocking code on a separate pool.
//
// # Runtime
//
// New starts a Runtime (WithWorkers, CurrentThread, ...); BlockOn drives a
// future from synchronous code; Run does both for a main function; Close
// cancels what is left, running the defers of every unfinished async
// function. Spawn starts a task and returns its JoinHandle, itself a future
// of the task's Result; panics and aborts reach the joiner as errors
// (*PanicError, ErrAborted). Sleep, Timeout and NewInterval run on the
// runtime's timer driver, or on a paused TestClock in tests.
//
// # Diagnostics
//
// The long-poll detector reports a poll that holds a worker too long (the
// run-time evidence of a blocking call); the lost-waker detector reports a
// pending task that nothing can wake any more (the evidence of a missing
// wake). Both log through log/slog with the task's name and spawn site.
// Metrics and TaskDump give counters and the list of live tasks.
//
// See docs/runtime.md in the repository for a tour aimed at readers who
// know Tokio or goroutines.
package asyncrt
