package asyncrt

import (
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"weak"
)

// header is the type-erased part of a task: what the scheduler, wakers and
// diagnostics need. The typed part (the future and its Result) is the
// JoinHandle[T] that embeds it, so a task is a single allocation.
type header struct {
	state taskState
	impl  taskImpl // the JoinHandle[T] embedding this header
	rt    *Runtime

	// queueNext links the task in the one intrusive queue it may be in: the
	// injection queue, a worker's inbox, or the blocking pool's queue.
	// NOTIFIED guarantees a task is in at most one queue at a time.
	queueNext *header

	// worker is the worker that last polled the task: a wake sends the task
	// back to it while it is busy, for cache locality and the LIFO slot.
	worker atomic.Pointer[worker]

	// Live-task registry links (guarded by the registry shard's lock).
	livePrev, liveNext *header

	id uint64
	pc uintptr // return address in the function that spawned the task

	// joinWaker is the waker of whoever awaits the task; see stJoinWaker.
	joinWaker *Waker

	// The task's waker: weakly held for lost-waker detection (see waker()).
	weakWaker   weak.Pointer[Waker]
	strongWaker *Waker
	liveWakers  atomic.Int32
	lostWaker   atomic.Bool // reported by the lost-waker detector
	flags       uint8       // taskBlocking, taskNamed; set at spawn

	// Counters for diagnostics and the console. Written by the worker that
	// polls the task (and by wakers for wakes); atomics so that TaskDump can
	// read them while the task runs.
	polls     atomic.Uint64
	wakes     atomic.Uint64
	selfWakes atomic.Uint64
	busyNanos atomic.Int64
	spawnedAt int64 // runtime-monotonic nanoseconds
}

const (
	taskBlocking uint8 = 1 << iota // a SpawnBlocking function
	taskNamed                      // has an entry in Runtime.names
)

func (t *header) blocking() bool { return t.flags&taskBlocking != 0 }

// name returns the task's name. Names live in a side table, so that the
// many unnamed tasks do not carry an empty string each.
func (t *header) name() string {
	if t.flags&taskNamed == 0 {
		return ""
	}
	n, _ := t.rt.names.Load(t)
	s, _ := n.(string)
	return s
}

// taskImpl is implemented by JoinHandle[T]: the typed operations on a task.
type taskImpl interface {
	// poll polls the future once and reports whether the task finished. A
	// panic is recovered and becomes the task's outcome.
	poll(cx *Context) (done bool, panicked bool)
	// cancel drops the future (unwinding a coroutine) and records that the
	// task was aborted, or the panic raised while unwinding.
	cancel(cx *Context) (panicked bool)
	// runBlocking runs a SpawnBlocking function.
	runBlocking() (panicked bool)
	// fail records err as the outcome of a task whose poll never returned
	// (it called runtime.Goexit).
	fail(err error)
}

func (h *JoinHandle[T]) fail(err error) {
	h.fut = nil
	h.res = Result[T]{Err: err}
}

func (h *JoinHandle[T]) poll(cx *Context) (done, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			h.res = Result[T]{Err: asPanicError(r)}
			h.fut = nil
			done, panicked = true, true
		}
	}()
	if p := h.fut.Poll(cx); p.ready {
		h.res.Value = p.value
		h.fut = nil
		return true, false
	}
	return false, false
}

func (h *JoinHandle[T]) cancel(cx *Context) (panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			h.res = Result[T]{Err: asPanicError(r)}
			panicked = true
		}
	}()
	f := h.fut
	h.fut = nil
	h.res.Err = ErrAborted
	dropFuture(f, cx)
	return false
}

func (h *JoinHandle[T]) runBlocking() (panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			h.res = Result[T]{Err: asPanicError(r)}
			panicked = true
		}
	}()
	fn := h.fut.(blockingFn[T])
	h.fut = nil
	h.res.Value = fn()
	return false
}

// blockingFn holds a SpawnBlocking function in the task's future field: a
// func value fits an interface without allocating. It is never polled.
type blockingFn[T any] func() T

func (blockingFn[T]) Poll(*Context) Poll[T] {
	panic("asyncrt: internal error: a blocking function was polled")
}

func asPanicError(r any) *PanicError {
	if pe, ok := r.(*PanicError); ok {
		return pe
	}
	return &PanicError{Value: r, Stack: debug.Stack()}
}

// TaskState is the scheduling state of a live task, as reported by TaskDump.
type TaskState uint8

const (
	// TaskIdle: waiting for a wake.
	TaskIdle TaskState = iota
	// TaskScheduled: in a run queue (or the blocking pool's queue).
	TaskScheduled
	// TaskRunning: being polled by a worker (or run by a blocking thread).
	TaskRunning
	// TaskDone: complete; only seen when a handle outlives the dump.
	TaskDone
)

func (s TaskState) String() string {
	switch s {
	case TaskIdle:
		return "idle"
	case TaskScheduled:
		return "scheduled"
	case TaskRunning:
		return "running"
	case TaskDone:
		return "done"
	}
	return "TaskState(?)"
}

func taskStateOf(s uint64) TaskState {
	switch {
	case s&stComplete != 0:
		return TaskDone
	case s&stRunning != 0:
		return TaskRunning
	case s&stNotified != 0:
		return TaskScheduled
	}
	return TaskIdle
}

// location resolves the spawn site.
func (t *header) location() (function, file string, line int) {
	if t.pc == 0 {
		return "", "", 0
	}
	frames := runtime.CallersFrames([]uintptr{t.pc})
	f, _ := frames.Next()
	return f.Function, f.File, f.Line
}
