package asyncrt

import (
	"iter"
	"runtime/debug"
)

// Coroutines.
//
// An async function's body runs on a runtime coroutine (the machinery behind
// iter.Pull): a goroutine that only runs while another hands control to it,
// with the switch done directly by the Go scheduler. Polling the future
// resumes the body on the polling worker's behalf; Await on a pending future
// switches back, so Poll returns Pending. Between two awaits the body owns
// the worker, exactly like a Rust async fn between two .awaits.
//
// Measured (BenchmarkCoroutineSwitch in co_test.go, AMD EPYC, 2 cores): a
// resume+suspend round trip costs about 65 ns on an iter.Pull coroutine and
// about 240 ns with a goroutine and a pair of unbuffered channels, so
// coroutines it is. Creating a coroutine costs about 270 ns and six
// allocations; workers therefore keep finished coroutines in a small pool and
// run the next body on one of them (a coroutine's loop runs one body after
// another), which makes an Async task's cost a pair of switches.

// Co is the handle of a running async function. It is valid only inside the
// body it was passed to, and only while that body runs: pass it to Await,
// Yield, Spawn and to the async functions the body calls (which then run
// inline, as part of the same coroutine), never to another goroutine.
type Co struct {
	cx   *Context   // the poll's context while the body runs; nil while suspended or finished
	c    *coroutine // the coroutine the body runs on
	done bool       // the body has returned
}

// coStatus is what a coroutine reports when it hands control back.
type coStatus uint8

const (
	coSuspended coStatus = iota + 1 // the body waits in Await: its future is Pending
	coFinished                      // the body returned, panicked or unwound
)

// coBody is one body run by a coroutine.
type coBody interface{ runBody() }

// coroutine is a runtime coroutine that runs bodies one after another.
type coroutine struct {
	next   func() (coStatus, bool)
	stop   func()
	yield  func(coStatus) bool
	body   coBody
	cancel bool // set by drop: the body must unwind at its next await
}

// maxPooledCoroutines bounds each worker's pool of idle coroutines.
const maxPooledCoroutines = 64

func newCoroutine() *coroutine {
	c := &coroutine{}
	c.next, c.stop = iter.Pull(c.loop)
	return c
}

// loop is the coroutine's goroutine: it runs one body per resume-to-finish
// cycle until stopped. (onWorker recognizes it by name.)
func (c *coroutine) loop(yield func(coStatus) bool) {
	c.yield = yield
	for {
		c.body.runBody()
		if !yield(coFinished) {
			return
		}
	}
}

// getCoroutine returns an idle coroutine from the worker's pool, or a new one.
func getCoroutine(w *worker) *coroutine {
	if w != nil {
		if n := len(w.coros); n > 0 {
			c := w.coros[n-1]
			w.coros = w.coros[:n-1]
			return c
		}
	}
	return newCoroutine()
}

// putCoroutine returns a coroutine whose body finished to the worker's
// pool, or ends it.
func putCoroutine(w *worker, c *coroutine) {
	c.body = nil
	c.cancel = false
	if w != nil && len(w.coros) < maxPooledCoroutines && !w.exiting {
		w.coros = append(w.coros, c)
		return
	}
	c.stop()
}

// cancelUnwind is the panic value Await raises to unwind a cancelled body,
// so that its deferred calls run. runBody recovers it.
type cancelUnwind struct{}

var errCancelUnwind any = &cancelUnwind{}

// asyncFuture is the future returned by Async.
type asyncFuture[T any] struct {
	body      func(co *Co) T
	co        Co // embedded: one allocation for the future and its handle
	started   bool
	result    T
	panicked  *PanicError
	cancelled bool // unwound by drop
	running   bool
	done      bool
}

// Async returns a lazy future that runs body as a coroutine when polled. The
// body does not start until the future is first polled (awaited, spawned,
// or passed to BlockOn); a future that is never polled never runs (see
// TestPitfallDroppedFutureNeverRuns).
//
// A panic in the body is re-raised by Poll as a *PanicError carrying the
// body's stack; a task turns it into its Result's error.
func Async[T any](body func(co *Co) T) Future[T] {
	if body == nil {
		panic("asyncrt: Async called with a nil body")
	}
	return &asyncFuture[T]{body: body}
}

func (f *asyncFuture[T]) runBody() {
	defer func() {
		f.co.done = true
		if r := recover(); r != nil {
			if r == errCancelUnwind {
				f.cancelled = true
				return
			}
			if pe, ok := r.(*PanicError); ok {
				f.panicked = pe // a nested future's panic: keep its stack
				return
			}
			f.panicked = &PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	f.result = f.body(&f.co)
}

func (f *asyncFuture[T]) Poll(cx *Context) Poll[T] {
	if f.done {
		panic("asyncrt: async function's future polled after it completed (a future must not be polled again after Ready)")
	}
	if f.running {
		panic("asyncrt: async function's future polled from inside its own body (it awaits itself)")
	}
	if !f.started {
		f.started = true
		f.co.c = getCoroutine(cx.worker)
		f.co.c.body = f
	}
	if st := f.resume(cx); st == coSuspended {
		return Pending[T]()
	}
	f.finish(cx.worker)
	if f.panicked != nil {
		panic(f.panicked)
	}
	return Ready(f.result)
}

// resume runs the body until its next suspension or its end.
func (f *asyncFuture[T]) resume(cx *Context) coStatus {
	co := &f.co
	co.cx = cx
	prev := cx.co
	cx.co = co
	f.running = true
	st, ok := co.c.next()
	f.running = false
	cx.co = prev
	co.cx = nil
	if !ok {
		return coFinished
	}
	return st
}

func (f *asyncFuture[T]) finish(w *worker) {
	f.done = true
	putCoroutine(w, f.co.c)
	f.co.c = nil
	f.body = nil
}

// Drop cancels a started body: Await raises a panic that unwinds it, so its
// deferred calls run (on the caller's goroutine, before Drop returns). A
// body never started is simply forgotten. A panic raised while unwinding
// (by a deferred call) is re-raised by Drop.
func (f *asyncFuture[T]) Drop() { f.dropWith(dropCx()) }

func (f *asyncFuture[T]) dropWith(cx *Context) {
	if f.done {
		return
	}
	if f.running {
		panic("asyncrt: async function's future dropped from inside its own body")
	}
	if !f.started {
		f.done = true
		f.body = nil
		return
	}
	f.co.c.cancel = true
	for f.resume(cx) == coSuspended {
		// A body that recovered the cancellation and awaited again is
		// unwound again: Await never suspends a cancelled body.
	}
	f.finish(cx.worker)
	if f.panicked != nil {
		panic(f.panicked)
	}
}

// running returns the context of co's poll, panicking on misuse.
func (co *Co) running() *Context {
	if co == nil {
		panic("asyncrt: nil *Co")
	}
	if co.done {
		panic("asyncrt: *Co used after its async function returned (the *Co escaped its body)")
	}
	cx := co.cx
	if cx == nil {
		panic("asyncrt: *Co used while its async function is not running (was it passed to another goroutine or kept after an await?)")
	}
	if cx.co != co {
		panic("asyncrt: Await called with the *Co of another coroutine (use the *Co passed to the body you are in)")
	}
	return cx
}

// suspend hands control back to the poller (the future is Pending). It
// reports false when the coroutine was cancelled meanwhile: the caller must
// unwind the body (after dropping what it awaited).
func (co *Co) suspend() bool {
	c := co.c
	if c.cancel {
		return false
	}
	return c.yield(coSuspended) && !c.cancel
}

// unwind drops the future the body was awaiting (it is abandoned with the
// body: a Sleep disarms its timer, a nested async function unwinds too) and
// raises the panic that unwinds the body.
func (co *Co) unwind(f any) {
	if f != nil && co.cx != nil {
		dropFuture(f, co.cx)
	}
	panic(errCancelUnwind)
}

// Await suspends the calling async function until f is ready and returns
// its value: Rust's f.await. f is polled on the worker running the caller;
// while it is pending the caller's task gives its worker up. Each Await
// consumes one unit of the task's cooperative budget (128 per poll): when it
// runs out, Await yields once even if f is ready, so a loop over ready
// futures cannot hold a worker forever. If the task is cancelled while
// waiting, Await drops f and unwinds the body, whose defers run.
//
// Await panics when co is not the handle of the coroutine that is running
// (another coroutine's, or one that finished), and when f is nil.
func Await[T any](co *Co, f Future[T]) T {
	cx := co.running()
	if f == nil {
		panic("asyncrt: Await called with a nil Future")
	}
	if co.c.cancel {
		co.unwind(f)
	}
	if !cx.consumeBudget() {
		if !co.suspend() {
			co.unwind(f)
		}
		cx = co.cx
	}
	for {
		if p := f.Poll(cx); p.ready {
			return p.value
		}
		if !co.suspend() {
			co.unwind(f)
		}
		cx = co.cx
	}
}

// Yield gives the worker up once: the task is put at the back of its run
// queue and resumed after the tasks already waiting (tokio::task::yield_now).
func Yield(co *Co) {
	cx := co.running()
	if co.c.cancel {
		panic(errCancelUnwind)
	}
	cx.wakeSelf()
	if !co.suspend() {
		co.unwind(nil)
	}
}
