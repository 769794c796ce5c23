package asyncrt

// Context is what a future is polled with: the waker to keep when returning
// Pending, and (when polled by a Runtime) the task, worker and cooperative
// budget of the poll. A worker reuses its Context from poll to poll: a
// future must not keep the *Context itself, only the *Waker.
type Context struct {
	waker  *Waker   // set by NewContext, or created on demand from task
	task   *header  // the task being polled; nil for a custom executor
	worker *worker  // the worker polling it; nil for a custom executor
	co     *Co      // the innermost coroutine running in this poll
	budget int      // polls left before the task must yield (see coop)
	rt     *Runtime // the runtime; nil for a custom executor
}

// coopBudget is how many awaits a task may complete in one poll before it is
// made to yield: Tokio's number. Without it an async function that only
// awaits ready futures (a channel that always has data) would hold its
// worker forever.
const coopBudget = 128

// NewContext returns a Context around w, for custom executors and for
// polling futures by hand in tests. Timers polled with it fall back to one
// Go timer each, and the cooperative budget is unlimited.
func NewContext(w *Waker) *Context {
	if w == nil {
		panic("asyncrt: NewContext called with a nil *Waker")
	}
	return &Context{waker: w, budget: -1}
}

// Waker returns the waker a pending future must keep and wake when it can
// make progress.
func (cx *Context) Waker() *Waker {
	if cx.waker == nil {
		cx.waker = cx.task.waker()
	}
	return cx.waker
}

// wakeSelf wakes the task being polled without materializing a Waker.
func (cx *Context) wakeSelf() {
	if cx.task != nil {
		cx.task.wake()
		return
	}
	cx.Waker().Wake()
}

// consumeBudget takes one unit of the task's cooperative budget. When it is
// exhausted it wakes the task and returns false: the caller must return
// Pending so the worker can run others (Tokio's coop::poll_proceed).
func (cx *Context) consumeBudget() bool {
	if cx.budget < 0 {
		return true
	}
	if cx.budget == 0 {
		cx.wakeSelf()
		return false
	}
	cx.budget--
	return true
}
