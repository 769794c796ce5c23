package asyncrt

import (
	"strings"
	"testing"
)

// Each transition of the state machine, from each state it applies to.
func TestStateTransitions(t *testing.T) {
	st := func(bits uint64) *taskState { s := &taskState{}; s.v.Store(bits); return s }

	// Spawned tasks start NOTIFIED; running them clears it.
	s := st(stNotified)
	if s.transitionToRunning() != runPoll || s.load() != stRunning {
		t.Fatalf("to running: %s", stateString(s.load()))
	}
	// A wake while running only marks it; the poll's end reschedules.
	if submit, self := s.transitionToNotified(); submit || !self {
		t.Fatal("wake while running")
	}
	if s.transitionToIdle() != idleReschedule || s.load() != stNotified {
		t.Fatalf("idle after a wake: %s", stateString(s.load()))
	}
	// A second wake of a queued task does nothing.
	if submit, _ := s.transitionToNotified(); submit {
		t.Fatal("double queueing")
	}
	s.transitionToRunning()
	if s.transitionToIdle() != idleDone || s.load() != 0 {
		t.Fatalf("idle: %s", stateString(s.load()))
	}
	// A wake of an idle task: the caller queues it.
	if submit, self := s.transitionToNotified(); !submit || self {
		t.Fatal("wake of idle")
	}
	s.transitionToRunning()
	if wake := s.transitionToComplete(); wake || s.load() != stComplete {
		t.Fatalf("complete: %s", stateString(s.load()))
	}
	// Complete is final: wakes and aborts do nothing, runs are skipped.
	if submit, _ := s.transitionToNotified(); submit || s.transitionToCancelled() || s.load() != stComplete {
		t.Fatal("complete is not final")
	}
	if s.transitionToRunning() != runSkip {
		t.Fatal("running a complete task")
	}

	// Abort of an idle task queues it for cancellation.
	s = st(0)
	if !s.transitionToCancelled() || s.load() != stCancelled|stNotified {
		t.Fatalf("abort idle: %s", stateString(s.load()))
	}
	if s.transitionToRunning() != runCancel {
		t.Fatal("a cancelled task is polled")
	}
	// Abort of a queued or running task does not queue it again.
	if st(stNotified).transitionToCancelled() || st(stRunning).transitionToCancelled() {
		t.Fatal("abort queued a queued or running task")
	}
	s = st(stRunning)
	s.transitionToCancelled()
	if s.transitionToIdle() != idleCancel || s.load()&stRunning == 0 {
		t.Fatal("a poll that ends after an abort must keep RUNNING and cancel")
	}
	if st(stCancelled).transitionToCancelled() {
		t.Fatal("double abort")
	}

	// Join waker: set, replace, refused after completion.
	s = st(stRunning)
	if !s.setJoinWaker() || !s.unsetJoinWaker() || !s.setJoinWaker() {
		t.Fatal("join waker set/unset")
	}
	if !s.transitionToComplete() {
		t.Fatal("complete did not report the join waker")
	}
	if s.setJoinWaker() || s.unsetJoinWaker() {
		t.Fatal("join waker changed after completion")
	}

	if msg := mustPanic(t, func() { st(0).transitionToRunning() }); !strings.Contains(msg, "not scheduled") {
		t.Fatalf("running an idle task: %q", msg)
	}
	if stateString(stRunning|stNotified|stCancelled|stJoinWaker|stComplete) != "RUNNING|COMPLETE|NOTIFIED|CANCELLED|JOIN_WAKER" || stateString(0) != "idle" {
		t.Fatal(stateString(31))
	}
}
