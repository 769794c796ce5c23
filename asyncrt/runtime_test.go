package asyncrt

import (
	"errors"
	"log/slog"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestNewOptions(t *testing.T) {
	rt, _ := newTestRuntime(t, WithWorkers(3), WithBlockingThreads(2), WithLongPollThreshold(time.Second), WithName("opts"))
	if m := rt.Metrics(); m.Workers != 3 {
		t.Fatalf("Workers = %d", m.Workers)
	}
	if rt.cfg.blockingThreads != 2 || rt.cfg.longPoll != time.Second || rt.cfg.name != "opts" {
		t.Fatalf("config %+v", rt.cfg)
	}
	ct, _ := newTestRuntime(t, CurrentThread())
	if len(ct.workers) != 1 {
		t.Fatalf("CurrentThread has %d workers", len(ct.workers))
	}
	def, _ := newTestRuntime(t)
	if len(def.workers) != runtime.GOMAXPROCS(0) {
		t.Fatalf("default workers %d", len(def.workers))
	}
	for name, opt := range map[string]func(){
		"WithWorkers(0)":             func() { WithWorkers(0) },
		"WithBlockingThreads(0)":     func() { WithBlockingThreads(0) },
		"WithLongPollThreshold(-1)":  func() { WithLongPollThreshold(-1) },
		"WithLogger(nil)":            func() { WithLogger(nil) },
		"WithTestClock(nil)":         func() { WithTestClock(nil) },
		"TestClock for two runtimes": func() { c := NewTestClock(time.Now()); New(WithTestClock(c)).Close(); New(WithTestClock(c)) },
	} {
		if msg := mustPanic(t, opt); !strings.HasPrefix(msg, "asyncrt: ") {
			t.Errorf("%s: panic %q", name, msg)
		}
	}
}

func TestBlockOn(t *testing.T) {
	rt, _ := newTestRuntime(t)
	if v := BlockOn[int](rt, readyFuture{}); v != 1 {
		t.Fatalf("BlockOn(ready) = %d", v)
	}
	v := BlockOn(rt, Async(func(co *Co) string {
		Await(co, Sleep(time.Millisecond))
		return "slept"
	}))
	if v != "slept" {
		t.Fatalf("BlockOn(async) = %q", v)
	}
	if msg := mustPanic(t, func() { BlockOn[int](rt, nil) }); !strings.Contains(msg, "nil Future") {
		t.Fatalf("BlockOn(nil): %q", msg)
	}
}

func TestBlockOnPropagatesPanic(t *testing.T) {
	rt, _ := newTestRuntime(t)
	defer func() {
		pe, ok := recover().(*PanicError)
		if !ok || pe.Value != "inside" {
			t.Fatalf("BlockOn did not re-raise the future's panic as *PanicError: %v", pe)
		}
	}()
	BlockOn(rt, Async(func(co *Co) int { panic("inside") }))
}

const blockOnInsideMsg = "asyncrt: BlockOn called from inside a runtime worker: "

func TestBlockOnInsideWorkerPanics(t *testing.T) {
	rt, _ := newTestRuntime(t)
	other, _ := newTestRuntime(t)
	within(t, 10*time.Second, func() {
		// From an async function, on the same runtime and on another one.
		for _, target := range []*Runtime{rt, other} {
			msg := BlockOn(rt, Async(func(co *Co) string {
				return mustPanic(t, func() { BlockOn[int](target, readyFuture{}) })
			}))
			if !strings.HasPrefix(msg, blockOnInsideMsg) {
				t.Errorf("BlockOn inside an async function: %q", msg)
			}
		}
		// From a hand-written Poll.
		msg := BlockOn[string](rt, pollFn[string](func(cx *Context) Poll[string] {
			return Ready(mustPanic(t, func() { BlockOn[int](rt, readyFuture{}) }))
		}))
		if !strings.HasPrefix(msg, blockOnInsideMsg) {
			t.Errorf("BlockOn inside Poll: %q", msg)
		}
		// Run is refused too.
		msg = BlockOn(rt, Async(func(co *Co) string {
			return mustPanic(t, func() { Run[int](readyFuture{}) })
		}))
		if !strings.Contains(msg, "Run called from inside a runtime worker") {
			t.Errorf("Run inside an async function: %q", msg)
		}
		// From the blocking pool it is allowed (it is not a worker).
		v := BlockOn(rt, Async(func(co *Co) int {
			v, err := SpawnBlocking(co, func() int { return BlockOn[int](other, readyFuture{}) }).Join(co)
			if err != nil {
				t.Error(err)
			}
			return v
		}))
		if v != 1 {
			t.Errorf("BlockOn from SpawnBlocking = %d", v)
		}
	})
}

func TestRun(t *testing.T) {
	base := runtime.NumGoroutine()
	v := Run(Async(func(co *Co) int {
		h := Spawn(co, Async(func(co *Co) int { return 20 }))
		x, _ := h.Join(co)
		return x + 22
	}))
	if v != 42 {
		t.Fatalf("Run = %d", v)
	}
	checkGoroutines(t, base)
}

func TestUseAfterClosePanics(t *testing.T) {
	rt := New()
	if err := rt.Close(); err != nil {
		t.Fatal(err)
	}
	if err := rt.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	for name, f := range map[string]func(){
		"Spawn":         func() { Spawn[int](rt, readyFuture{}) },
		"SpawnBlocking": func() { SpawnBlocking(rt, func() int { return 0 }) },
		"BlockOn":       func() { BlockOn[int](rt, readyFuture{}) },
		"NewJoinSet":    func() { NewJoinSet[int](rt).Spawn(readyFuture{}) },
	} {
		if msg := mustPanic(t, f); !strings.Contains(msg, "used after Close") {
			t.Errorf("%s after Close: %q", name, msg)
		}
	}
	if msg := mustPanic(t, func() { Spawn[int](nil, readyFuture{}) }); !strings.Contains(msg, "nil Spawner") {
		t.Errorf("nil spawner: %q", msg)
	}
	if msg := mustPanic(t, func() { Spawn[int](New(), nil) }); !strings.Contains(msg, "nil Future") {
		t.Errorf("nil future: %q", msg)
	}
}

// Close cancels every outstanding task; async functions unwind from their
// await, running their defers; nothing leaks.
func TestCloseCancelsAndRunsDefers(t *testing.T) {
	base := runtime.NumGoroutine()
	rt := New(WithLogger(slog.New(&logRecorder{})))
	var deferred atomic.Int32
	var started atomic.Int32
	hs := make([]*JoinHandle[int], 0, 100)
	for range 100 {
		hs = append(hs, Spawn(rt, Async(func(co *Co) int {
			defer deferred.Add(1)
			started.Add(1)
			Await(co, Sleep(time.Hour))
			return 1
		})))
	}
	eventually(t, 5*time.Second, "tasks to start", func() bool { return started.Load() == 100 })
	blockedRelease, blockingStarted := make(chan struct{}), make(chan struct{})
	blocking := SpawnBlocking(rt, func() int { close(blockingStarted); <-blockedRelease; return 7 })
	<-blockingStarted
	time.AfterFunc(20*time.Millisecond, func() { close(blockedRelease) })
	within(t, 10*time.Second, func() {
		if err := rt.Close(); err != nil {
			t.Error(err)
		}
	})
	if deferred.Load() != 100 {
		t.Fatalf("%d of 100 defers ran", deferred.Load())
	}
	for _, h := range hs {
		if !h.IsFinished() {
			t.Fatal("a task is not finished after Close")
		}
		if _, err := h.hdr.impl.(*JoinHandle[int]).res.Get(); !errors.Is(err, ErrAborted) {
			t.Fatalf("task error %v, want ErrAborted", err)
		}
	}
	// A running blocking function is waited for, not cancelled.
	if v, err := blocking.res.Get(); v != 7 || err != nil {
		t.Fatalf("blocking task: %v, %v", v, err)
	}
	checkGoroutines(t, base)
}

// A task spawned while Close is cancelling is aborted without running.
func TestSpawnDuringClose(t *testing.T) {
	rt := New(WithLogger(slog.New(&logRecorder{})))
	var ran atomic.Bool
	var spawnedErr atomic.Value
	Spawn(rt, Async(func(co *Co) int {
		defer func() {
			h := Spawn(co, Async(func(co *Co) int { ran.Store(true); return 1 }))
			spawnedErr.Store(h.res.Err)
		}()
		Await(co, Sleep(time.Hour))
		return 0
	}))
	time.Sleep(10 * time.Millisecond)
	within(t, 10*time.Second, func() { rt.Close() })
	if ran.Load() {
		t.Fatal("a task spawned during Close ran")
	}
	if err, _ := spawnedErr.Load().(error); !errors.Is(err, ErrAborted) {
		t.Fatalf("task spawned during Close: %v, want ErrAborted", err)
	}
}

func TestCloseFromWorkerPanics(t *testing.T) {
	rt, _ := newTestRuntime(t)
	msg := BlockOn(rt, Async(func(co *Co) string { return mustPanic(t, func() { rt.Close() }) }))
	if !strings.Contains(msg, "Close called from inside a runtime worker") {
		t.Fatalf("Close inside: %q", msg)
	}
	msg = BlockOn(rt, Async(func(co *Co) string {
		v, _ := SpawnBlocking(co, func() string { return mustPanic(t, func() { rt.Close() }) }).Join(co)
		return v
	}))
	if !strings.Contains(msg, "SpawnBlocking function") {
		t.Fatalf("Close inside a blocking function: %q", msg)
	}
}

func TestBlockOnWhileClosing(t *testing.T) {
	rt := New(WithLogger(slog.New(&logRecorder{})))
	done := make(chan string)
	go func() {
		defer func() { done <- recoverString(recover()) }()
		BlockOn(rt, Sleep(time.Hour))
	}()
	time.Sleep(10 * time.Millisecond)
	rt.Close()
	if msg := <-done; !strings.Contains(msg, "runtime was closed while BlockOn waited") {
		t.Fatalf("BlockOn during Close: %q", msg)
	}
}

func recoverString(r any) string {
	s, _ := r.(string)
	return s
}

func TestShutdownTimeout(t *testing.T) {
	rec := &logRecorder{}
	rt := New(WithLogger(slog.New(rec)), WithShutdownTimeout(50*time.Millisecond), WithLongPollThreshold(0))
	release := make(chan struct{})
	SpawnNamed(rt, "stuck", Async(func(co *Co) int {
		<-release // blocks its worker: cannot be cancelled
		return 0
	}))
	time.Sleep(10 * time.Millisecond)
	err := rt.Close()
	if err == nil || !strings.Contains(err.Error(), "stuck") || !strings.Contains(err.Error(), "runtime_test.go") {
		t.Fatalf("Close error %v, want one naming the stuck task", err)
	}
	close(release)
}

// A task that calls runtime.Goexit (t.FailNow) fails with a PanicError; the
// worker carries on.
func TestGoexitInTask(t *testing.T) {
	rt, _ := newTestRuntime(t, CurrentThread())
	within(t, 10*time.Second, func() {
		h := Spawn(rt, Async(func(co *Co) int { runtime.Goexit(); return 0 }))
		v := BlockOn(rt, Async(func(co *Co) string {
			_, err := h.Join(co)
			return err.Error()
		}))
		if !strings.Contains(v, "Goexit") {
			t.Fatalf("Goexit task error %q", v)
		}
		if BlockOn[int](rt, readyFuture{}) != 1 {
			t.Fatal("runtime unusable after Goexit")
		}
	})
}
