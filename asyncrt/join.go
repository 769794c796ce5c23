package asyncrt

import (
	"errors"
	"fmt"
)

// ErrAborted is the error of a task cancelled by Abort, JoinSet.AbortAll or
// Runtime.Close before it finished.
var ErrAborted = errors.New("asyncrt: task aborted")

// ErrTimeout is the error Timeout returns when its deadline elapses first.
var ErrTimeout = errors.New("asyncrt: deadline elapsed")

// PanicError is the error of a task (or async function) that panicked: the
// panic value and the stack of the goroutine where it was raised.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("asyncrt: task panicked: %v\n\n%s", e.Value, e.Stack)
}

// Unwrap returns the panic value when it is an error.
func (e *PanicError) Unwrap() error {
	if err, ok := e.Value.(error); ok {
		return err
	}
	return nil
}

// Result is the outcome of a task: its value, or the error that stopped it
// (ErrAborted, a *PanicError, ErrTimeout for Timeout).
type Result[T any] struct {
	Value T
	Err   error
}

// Get returns the value and the error.
func (r Result[T]) Get() (T, error) { return r.Value, r.Err }

// JoinHandle is the handle of a spawned task and the task itself. It is a
// future of the task's Result: awaiting it (Join, Await) waits for the task
// without blocking the worker. Dropping a handle detaches the task: it keeps
// running. The same handle may be polled by one joiner at a time.
type JoinHandle[T any] struct {
	hdr header
	fut Future[T] // nil once complete; a blockingFn for SpawnBlocking
	res Result[T] // published by stComplete
}

// Poll returns Ready with the task's Result once the task finished, or
// Pending after registering cx's waker to be woken when it finishes.
func (h *JoinHandle[T]) Poll(cx *Context) Poll[Result[T]] {
	t := &h.hdr
	if t.state.load()&stComplete != 0 {
		return Ready(h.res)
	}
	if !cx.consumeBudget() {
		return Pending[Result[T]]()
	}
	w := cx.Waker()
	if t.state.load()&stJoinWaker != 0 {
		if t.joinWaker.WillWake(w) {
			return Pending[Result[T]]()
		}
		if !t.state.unsetJoinWaker() {
			return Ready(h.res)
		}
	}
	t.joinWaker = w
	if !t.state.setJoinWaker() {
		return Ready(h.res)
	}
	return Pending[Result[T]]()
}

// Join awaits the task and returns its value, or the error that stopped it:
// ErrAborted, or a *PanicError for a task that panicked. It is an await
// point.
func (h *JoinHandle[T]) Join(co *Co) (T, error) {
	return Await[Result[T]](co, h).Get()
}

// Abort cancels the task. A task waiting at an await unwinds from there
// (its defers run) and its Result's error becomes ErrAborted; a task being
// polled is cancelled when that poll ends, unless the poll completes it; a
// finished task is unaffected. A SpawnBlocking function already running
// cannot be stopped and runs to its end.
func (h *JoinHandle[T]) Abort() { h.hdr.abort() }

// IsFinished reports whether the task has completed (with a value, an
// error or a panic).
func (h *JoinHandle[T]) IsFinished() bool { return h.hdr.state.load()&stComplete != 0 }

// ID returns the task's id, unique within its runtime (as in TaskDump).
func (h *JoinHandle[T]) ID() uint64 { return h.hdr.id }

func (t *header) abort() {
	if t.state.transitionToCancelled() {
		t.rt.scheduleAborted(t)
	}
}
