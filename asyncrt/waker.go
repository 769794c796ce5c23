package asyncrt

import (
	"runtime"
	"weak"
)

// Waker is the handle a pending future keeps to say "poll me again". A
// runtime task's waker schedules the task; a waker made with NewWaker calls
// its function. Wakers may be called from any goroutine, any number of
// times: waking a task that is already scheduled does not queue it twice,
// and waking a finished task does nothing.
type Waker struct {
	task *header // set for the waker of a runtime task
	fn   func()  // set for a waker made by NewWaker
}

var noopWaker = &Waker{fn: func() {}}

// NewWaker returns a waker that calls wake each time it is woken. It is for
// custom executors, combinators that need to know which child woke, and
// tests.
func NewWaker(wake func()) *Waker {
	if wake == nil {
		panic("asyncrt: NewWaker called with a nil function")
	}
	return &Waker{fn: wake}
}

// NoopWaker returns a waker that does nothing when woken: for polling a
// future by hand in tests.
func NoopWaker() *Waker { return noopWaker }

// Wake schedules whatever the waker stands for.
func (w *Waker) Wake() {
	if w == nil {
		panic("asyncrt: Wake called on a nil *Waker")
	}
	if w.task != nil {
		w.task.wake()
		return
	}
	w.fn()
}

// WillWake reports whether waking w and waking other have the same effect:
// both wake the same task, or they are the same waker. A future that
// already holds a waker uses it to skip replacing it on every poll.
func (w *Waker) WillWake(other *Waker) bool {
	if w == other {
		return true
	}
	if w == nil || other == nil {
		return false
	}
	return w.task != nil && w.task == other.task
}

// waker returns the task's waker, creating it when no live one exists.
//
// Lost-waker detection: the task holds its waker only through a weak
// pointer, and each waker carries a cleanup that decrements the task's count
// of live wakers. Whoever will wake the task (a timer, a wait list, a join
// handle) keeps the *Waker reachable; a future that returns Pending without
// keeping it lets the waker become garbage, and when the last one is
// collected while the task is idle, nothing can ever wake the task again:
// wakerCollected reports it. The cost (about 1µs, a weak handle and a
// cleanup) is paid once per waker, not per poll, and only by tasks that
// actually wait. With the detector off (WithLostWakerDetection(false)) the
// task keeps a strong pointer instead.
//
// Called only by the worker that is running the task.
func (t *header) waker() *Waker {
	if t.strongWaker != nil {
		return t.strongWaker
	}
	if !t.rt.cfg.lostWakers {
		t.strongWaker = &Waker{task: t}
		return t.strongWaker
	}
	if w := t.weakWaker.Value(); w != nil {
		return w
	}
	w := &Waker{task: t}
	t.liveWakers.Add(1)
	runtime.AddCleanup(w, (*header).wakerCollected, t)
	t.weakWaker = weak.Make(w)
	return w
}

// wakerCollected runs (on the runtime's cleanup goroutine) when one of the
// task's wakers became unreachable. (A task left pending without any waker
// ever made is reported by the worker at the end of the poll.)
func (t *header) wakerCollected() {
	if t.liveWakers.Add(-1) != 0 {
		return
	}
	// Idle means not scheduled, not running, not complete: with no waker
	// left, neither a wake nor anything else but Abort or Close can move it.
	if t.state.load()&(stRunning|stNotified|stComplete) != 0 {
		return
	}
	t.rt.reportLostWaker(t)
}

// wake is a task waker's Wake.
func (t *header) wake() {
	submit, self := t.state.transitionToNotified()
	t.wakes.Add(1)
	if self {
		t.selfWakes.Add(1)
	}
	if submit {
		t.rt.scheduleWoken(t)
	}
}
