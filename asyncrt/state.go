package asyncrt

import "sync/atomic"

// A task's whole life is one atomic word (the design of Tokio's
// task/state.rs). Each bit says who may set and clear it; each move is a
// named transition below that returns what its caller must do next, so
// reading this file is enough to know every legal state and move.
//
// The legal states of a live task are:
//
//	idle        0                    waiting for a wake; only wakers and Abort refer to it
//	scheduled   NOTIFIED             in exactly one run queue (or about to be pushed)
//	running     RUNNING              a worker is polling it
//	running+N   RUNNING|NOTIFIED     woken during its poll: requeued when the poll ends
//	complete    COMPLETE             output published; nothing runs it again
//
// CANCELLED and JOIN_WAKER combine with any of these.
const (
	// stRunning: a worker (or blocking thread) owns the future and is polling
	// it. Set by transitionToRunning, cleared by transitionToIdle or
	// transitionToComplete, both by that same worker. While set, nobody else
	// touches the future.
	stRunning uint64 = 1 << iota

	// stComplete: the task has finished (returned Ready, panicked, or was
	// cancelled) and its Result is published. Set once by the running worker
	// in transitionToComplete; never cleared. Wakes and aborts of a complete
	// task are no-ops.
	stComplete

	// stNotified: the task is in a run queue, or the caller that set the bit
	// is about to push it into one. Set by transitionToNotified (a wake),
	// transitionToCancelled (so the cancellation runs) and at spawn; cleared
	// by the worker in transitionToRunning. Because only the caller that
	// sets it on an idle task queues the task, a task is never queued twice.
	stNotified

	// stCancelled: Abort or Close asked the task to stop. Set by
	// transitionToCancelled; never cleared. The worker that next runs the
	// task (or sees the bit when its poll returns Pending) drops the future
	// instead of polling it, which unwinds a coroutine so its defers run.
	stCancelled

	// stJoinWaker: the header's joinWaker field holds the waker of whoever
	// awaits the task, and belongs to the task. Set by the joiner in
	// setJoinWaker after writing the field; cleared by the joiner in
	// unsetJoinWaker before replacing it. Neither succeeds once stComplete
	// is set: from then on only the completer reads the field, once.
	stJoinWaker
)

// taskState is the atomic state word of a task.
type taskState struct{ v atomic.Uint64 }

func (s *taskState) load() uint64 { return s.v.Load() }

// runAction is what a worker must do with a task it popped from a queue.
type runAction uint8

const (
	runPoll   runAction = iota // poll the future
	runCancel                  // drop the future and complete as aborted
	runSkip                    // already complete: forget this queue entry
)

// transitionToRunning is called by a worker that popped the task from a run
// queue. It clears NOTIFIED and sets RUNNING.
func (s *taskState) transitionToRunning() runAction {
	for {
		cur := s.v.Load()
		if cur&stComplete != 0 {
			return runSkip
		}
		if cur&stRunning != 0 || cur&stNotified == 0 {
			panic("asyncrt: internal error: task run while not scheduled (state " + stateString(cur) + ")")
		}
		next := cur&^stNotified | stRunning
		if s.v.CompareAndSwap(cur, next) {
			if cur&stCancelled != 0 {
				return runCancel
			}
			return runPoll
		}
	}
}

// idleAction is what a worker must do after a poll returned Pending.
type idleAction uint8

const (
	idleDone       idleAction = iota // nothing: the task waits for a wake
	idleReschedule                   // woken during the poll: push it to a run queue
	idleCancel                       // aborted during the poll: cancel it now (still RUNNING)
)

// transitionToIdle is called by the running worker when a poll returned
// Pending. It clears RUNNING, unless the task was cancelled meanwhile, in
// which case the worker keeps ownership to cancel it.
func (s *taskState) transitionToIdle() idleAction {
	for {
		cur := s.v.Load()
		if cur&stCancelled != 0 {
			return idleCancel
		}
		next := cur &^ stRunning
		if s.v.CompareAndSwap(cur, next) {
			if cur&stNotified != 0 {
				return idleReschedule
			}
			return idleDone
		}
	}
}

// transitionToComplete is called by the running worker once the task's
// outcome is written. It sets COMPLETE and reports whether a join waker
// must be woken.
func (s *taskState) transitionToComplete() (wakeJoiner bool) {
	for {
		cur := s.v.Load()
		next := cur&^(stRunning|stNotified) | stComplete
		if s.v.CompareAndSwap(cur, next) {
			return cur&stJoinWaker != 0
		}
	}
}

// transitionToNotified is a wake. It reports whether the caller must push
// the task to a run queue: only when it was idle. A wake of a queued,
// running or complete task changes nothing the caller must act on.
func (s *taskState) transitionToNotified() (submit bool, selfWake bool) {
	for {
		cur := s.v.Load()
		if cur&(stComplete|stNotified) != 0 {
			return false, cur&stRunning != 0
		}
		next := cur | stNotified
		if s.v.CompareAndSwap(cur, next) {
			if cur&stRunning != 0 {
				return false, true
			}
			return true, false
		}
	}
}

// transitionToCancelled is Abort. It reports whether the caller must push
// the task to a run queue so that a worker runs the cancellation: only when
// the task was idle. A running task is cancelled by its worker when the poll
// ends; a queued one when it is popped.
func (s *taskState) transitionToCancelled() (submit bool) {
	for {
		cur := s.v.Load()
		if cur&(stComplete|stCancelled) != 0 {
			return false
		}
		next := cur | stCancelled
		idle := cur&(stRunning|stNotified) == 0
		if idle {
			next |= stNotified
		}
		if s.v.CompareAndSwap(cur, next) {
			return idle
		}
	}
}

// setJoinWaker is called by the joiner after writing the joinWaker field.
// It fails when the task is already complete: the joiner reads the outcome.
func (s *taskState) setJoinWaker() bool {
	for {
		cur := s.v.Load()
		if cur&stComplete != 0 {
			return false
		}
		if s.v.CompareAndSwap(cur, cur|stJoinWaker) {
			return true
		}
	}
}

// unsetJoinWaker is called by the joiner before replacing its waker. It
// fails when the task completed meanwhile (the completer owns the field).
func (s *taskState) unsetJoinWaker() bool {
	for {
		cur := s.v.Load()
		if cur&stComplete != 0 {
			return false
		}
		if s.v.CompareAndSwap(cur, cur&^stJoinWaker) {
			return true
		}
	}
}

func stateString(s uint64) string {
	out := ""
	for _, b := range []struct {
		bit  uint64
		name string
	}{{stRunning, "RUNNING"}, {stComplete, "COMPLETE"}, {stNotified, "NOTIFIED"}, {stCancelled, "CANCELLED"}, {stJoinWaker, "JOIN_WAKER"}} {
		if s&b.bit != 0 {
			if out != "" {
				out += "|"
			}
			out += b.name
		}
	}
	if out == "" {
		return "idle"
	}
	return out
}
