package asyncrt

// The four pitfalls, proven real on this runtime. Each test is bounded by a
// timeout and is cited by docs/runtime.md and the analyzers' documentation:
// they are the evidence that the static checks catch real failures, and
// that the runtime's detectors see them at run time.

import (
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A blocking time.Sleep inside a task holds the only worker of a
// current-thread runtime: a task that is ready the whole time waits for it,
// and the long-poll detector reports the sleeping task by name and spawn
// location. With asyncrt.Sleep the same program does not starve.
// (Static check: blocking.)
func TestPitfallBlockingSleepStarvesCurrentThread(t *testing.T) {
	const block = 300 * time.Millisecond
	starvedFor := func(sleep func(co *Co)) (time.Duration, *Runtime, *logRecorder) {
		rt, rec := newTestRuntime(t, CurrentThread(), WithLongPollThreshold(50*time.Millisecond))
		var waited time.Duration
		within(t, 10*time.Second, func() {
			BlockOn(rt, Async(func(co *Co) int {
				sleeper := SpawnNamed(co, "sleeper", Async(func(co *Co) int { sleep(co); return 0 }))
				spawned := time.Now()
				ready := SpawnNamed(co, "always-ready", Async(func(co *Co) int {
					waited = time.Since(spawned)
					return 0
				}))
				ready.Join(co)
				sleeper.Join(co)
				return 0
			}))
		})
		return waited, rt, rec
	}

	waited, rt, rec := starvedFor(func(co *Co) { time.Sleep(block) })
	if waited < block*3/4 {
		t.Fatalf("the ready task ran after %v: time.Sleep did not block the worker", waited)
	}
	attrs, ok := rec.find("long poll")
	if !ok {
		t.Fatal("the long-poll detector did not report the blocking task")
	}
	if attrs["name"] != "sleeper" || !strings.Contains(attrs["spawned_at"], "pitfall_test.go:") {
		t.Fatalf("long-poll report does not name the task and its spawn site: %v", attrs)
	}
	if rec.count("long poll in progress") == 0 {
		t.Fatal("the monitor did not report the poll while it was still blocking")
	}
	if m := rt.Metrics(); m.LongPolls == 0 {
		t.Fatal("Metrics().LongPolls = 0")
	}
	if d := rt.Diagnostics(0); len(d) == 0 || d[0].Kind != LongPoll || d[0].TaskName != "sleeper" {
		t.Fatalf("Diagnostics: %+v", d)
	}

	// The fix: an async sleep gives the worker up.
	waited, _, rec = starvedFor(func(co *Co) { Await(co, Sleep(block)) })
	if waited > block/2 {
		t.Fatalf("with asyncrt.Sleep the ready task still waited %v", waited)
	}
	if rec.count("long poll") != 0 {
		t.Fatal("long poll reported for an async sleep")
	}
}

// A sync.Mutex held across an await deadlocks a current-thread runtime when
// a second task locks it: the second task blocks the only worker inside
// Lock, and the first task, which would unlock, can never be polled again.
// (Static check: lockawait.)
func TestPitfallMutexAcrossAwaitDeadlocks(t *testing.T) {
	rt, rec := newTestRuntime(t, CurrentThread(), WithLongPollThreshold(50*time.Millisecond))
	var mu sync.Mutex
	var rescued atomic.Bool
	var holderDone, lockerDone atomic.Bool
	Spawn(rt, Async(func(co *Co) int {
		mu.Lock()
		//asynclint:ignore lockawait this test proves the pitfall is real
		Await(co, Sleep(10*time.Millisecond)) // the guard lives across the await
		if !rescued.Load() {
			mu.Unlock()
		}
		holderDone.Store(true)
		return 0
	}))
	SpawnNamed(rt, "locker", Async(func(co *Co) int {
		mu.Lock() // blocks the worker: the holder can never resume
		mu.Unlock()
		lockerDone.Store(true)
		return 0
	}))
	time.Sleep(500 * time.Millisecond)
	if holderDone.Load() || lockerDone.Load() {
		t.Fatal("no deadlock: a task finished")
	}
	if attrs, ok := rec.find("long poll in progress"); !ok || attrs["name"] != "locker" {
		t.Fatalf("the long-poll detector did not report the task stuck in Lock: %v", attrs)
	}
	// Break the deadlock from outside so the test can end: unlock on the
	// holder's behalf.
	rescued.Store(true)
	mu.Unlock()
	eventually(t, 5*time.Second, "both tasks to finish once rescued", func() bool {
		return holderDone.Load() && lockerDone.Load()
	})
}

// A future that is created but never awaited (or spawned) never runs: in
// Go, as in Rust, futures are lazy. (Static check: droppedfuture.)
func TestPitfallDroppedFutureNeverRuns(t *testing.T) {
	rt, _ := newTestRuntime(t)
	var ran, sideEffect atomic.Bool
	save := func() Future[int] {
		return Async(func(co *Co) int {
			ran.Store(true)
			return 1
		})
	}
	within(t, 10*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) int {
			//asynclint:ignore droppedfuture this test proves the pitfall is real
			save() // the future is dropped: nothing happens
			Await(co, Sleep(50*time.Millisecond))
			sideEffect.Store(true)
			return 0
		}))
	})
	eventually(t, 5*time.Second, "the counters to be published", func() bool { return rt.Metrics().TasksCompleted == 1 })
	if ran.Load() || !sideEffect.Load() {
		t.Fatalf("the dropped future ran: %v", ran.Load())
	}
	if m := rt.Metrics(); m.TasksSpawned != 1 || m.Polls > 3 {
		t.Fatalf("metrics show work for a dropped future: %+v", m)
	}
	// Awaiting it is what runs it.
	BlockOn(rt, Async(func(co *Co) int { return Await(co, save()) }))
	if !ran.Load() {
		t.Fatal("the awaited future did not run")
	}
}

// forgetful returns Pending without keeping the waker, relying on someone
// polling it again: nobody does. (Static check: missingwake.)
type forgetful struct {
	ready *atomic.Bool
	polls atomic.Int32
	peek  bool // looks at cx.Waker() and drops it
}

func (f *forgetful) Poll(cx *Context) Poll[int] {
	f.polls.Add(1)
	if f.ready.Load() {
		return Ready(1)
	}
	if f.peek {
		_ = cx.Waker().WillWake(nil)
	}
	return Pending[int]() // BUG: cx.Waker() is not kept anywhere
}

// A hand-written future that returns Pending without keeping the waker
// never completes, even after its event happened, and the lost-waker
// detector reports the task by name and spawn location: at once when no
// waker of the task exists, or when the garbage collector finds the last
// one unreachable.
func TestPitfallMissingWakeNeverCompletes(t *testing.T) {
	t.Run("never-asked-for-waker", func(t *testing.T) { testMissingWake(t, false) })
	t.Run("dropped-waker", func(t *testing.T) { testMissingWake(t, true) })
}

func testMissingWake(t *testing.T, peek bool) {
	rt, rec := newTestRuntime(t)
	var ready atomic.Bool
	f := &forgetful{ready: &ready, peek: peek}
	h := SpawnNamed[int](rt, "forgetful", f)
	eventually(t, 5*time.Second, "the first poll", func() bool { return f.polls.Load() == 1 })
	ready.Store(true) // the event happens; nobody wakes the task
	deadline := time.Now().Add(10 * time.Second)
	for rt.Metrics().LostWakers == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the lost-waker detector did not report the task")
		}
		runtime.GC() // the detector works from the collector's cleanups
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	if h.IsFinished() || f.polls.Load() != 1 {
		t.Fatalf("the task was polled again (%d polls): it was not lost", f.polls.Load())
	}
	attrs, ok := rec.find("lost waker")
	if !ok || attrs["name"] != "forgetful" || !strings.Contains(attrs["spawned_at"], "pitfall_test.go:") {
		t.Fatalf("lost-waker report: %v", attrs)
	}
	dump := rt.TaskDump()
	if len(dump) != 1 || !dump[0].LostWaker || dump[0].LiveWakers != 0 || dump[0].State != TaskIdle {
		t.Fatalf("TaskDump: %+v", dump)
	}
	if d := rt.Diagnostics(0); len(d) != 1 || d[0].Kind != LostWaker {
		t.Fatalf("Diagnostics: %+v", d)
	}

	// A future that keeps its waker completes, and is never reported.
	g := &gate{}
	good := SpawnNamed[struct{}](rt, "keeps-waker", g)
	eventually(t, 5*time.Second, "the first poll", func() bool { return g.pollCount() == 1 })
	for range 3 {
		runtime.GC()
	}
	g.Open()
	joinFromOutside(t, rt, good)
	if rec.count("lost waker") != 1 {
		t.Fatal("a well-behaved task was reported")
	}
}
