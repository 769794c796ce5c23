package asyncrt

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestResultGet(t *testing.T) {
	e := errors.New("x")
	v, err := Result[int]{Value: 3, Err: e}.Get()
	if v != 3 || err != e {
		t.Fatalf("Get() = %v, %v", v, err)
	}
}

func TestPanicError(t *testing.T) {
	inner := errors.New("inner")
	pe := &PanicError{Value: inner, Stack: []byte("goroutine 1 [running]:")}
	if !errors.Is(pe, inner) || !strings.Contains(pe.Error(), "inner") || !strings.Contains(pe.Error(), "goroutine 1") {
		t.Fatalf("PanicError %q does not wrap/describe its value", pe.Error())
	}
	if (&PanicError{Value: 5}).Unwrap() != nil {
		t.Fatal("Unwrap of a non-error value")
	}
}

func TestJoinHandle(t *testing.T) {
	rt, _ := newTestRuntime(t)
	g := &gate{}
	h := Spawn(rt, Async(func(co *Co) string {
		Await(co, g)
		return "ok"
	}))
	if h.IsFinished() {
		t.Fatal("finished before its gate opened")
	}
	if h.ID() == 0 {
		t.Fatal("task id 0")
	}
	// Polled by hand, a JoinHandle is pending and then ready.
	var woken atomic.Bool
	cx := NewContext(NewWaker(func() { woken.Store(true) }))
	if h.Poll(cx).IsReady() {
		t.Fatal("handle ready early")
	}
	g.Open()
	eventually(t, 5*time.Second, "the joiner to be woken", woken.Load)
	r, ok := h.Poll(cx).Value()
	if !ok || r.Value != "ok" || r.Err != nil || !h.IsFinished() {
		t.Fatalf("handle after completion: %+v %v", r, ok)
	}
	// Re-polling a finished handle returns the same result.
	if r2, _ := h.Poll(cx).Value(); r2 != r {
		t.Fatal("second poll of a finished handle differs")
	}
}

// The joiner's waker is replaced when the joiner moves to another waker.
func TestJoinHandleWakerReplacement(t *testing.T) {
	rt, _ := newTestRuntime(t)
	g := &gate{}
	h := Spawn(rt, Async(func(co *Co) int { Await(co, g); return 1 }))
	var first, second atomic.Int32
	h.Poll(NewContext(NewWaker(func() { first.Add(1) })))
	h.Poll(NewContext(NewWaker(func() { second.Add(1) })))
	g.Open()
	eventually(t, 5*time.Second, "the second waker", func() bool { return second.Load() == 1 })
	if first.Load() != 0 {
		t.Fatal("the replaced join waker was woken")
	}
}

func TestJoinPanickingTask(t *testing.T) {
	rt, _ := newTestRuntime(t)
	hs := []*JoinHandle[int]{
		Spawn(rt, Async(func(co *Co) int { panic("async boom") })),
		Spawn[int](rt, pollFn[int](func(*Context) Poll[int] { panic("poll boom") })),
		SpawnBlocking(rt, func() int { panic("blocking boom") }),
	}
	for i, want := range []string{"async boom", "poll boom", "blocking boom"} {
		_, err := BlockOn(rt, Async(func(co *Co) Result[int] {
			v, err := hs[i].Join(co)
			return Result[int]{Value: v, Err: err}
		})).Get()
		var pe *PanicError
		if !errors.As(err, &pe) || pe.Value != want || len(pe.Stack) == 0 {
			t.Errorf("task %d: error %v, want a PanicError of %q", i, err, want)
		}
	}
	eventually(t, 5*time.Second, "TasksPanicked to reach 3", func() bool { return rt.Metrics().TasksPanicked == 3 })
}

// Dropping a JoinHandle detaches the task: it still runs to completion.
func TestDetachedTaskRuns(t *testing.T) {
	rt, _ := newTestRuntime(t)
	done := make(chan struct{})
	Spawn(rt, Async(func(co *Co) int {
		Await(co, Sleep(time.Millisecond))
		close(done)
		return 0
	}))
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("detached task did not run")
	}
}

// blocker holds a current-thread runtime's only worker until released.
func blocker(rt *Runtime) (release func()) {
	ch := make(chan struct{})
	started := make(chan struct{})
	Spawn[int](rt, pollFn[int](func(*Context) Poll[int] {
		close(started)
		<-ch
		return Ready(0)
	}))
	<-started
	return func() { close(ch) }
}

func TestAbortInEveryState(t *testing.T) {
	t.Run("scheduled", func(t *testing.T) {
		rt, _ := newTestRuntime(t, CurrentThread(), WithLongPollThreshold(0))
		release := blocker(rt)
		var ran atomic.Bool
		h := Spawn(rt, Async(func(co *Co) int { ran.Store(true); return 1 }))
		if s := taskStateOf(h.hdr.state.load()); s != TaskScheduled {
			t.Fatalf("state %v", s)
		}
		h.Abort()
		release()
		_, err := joinFromOutside(t, rt, h)
		if !errors.Is(err, ErrAborted) || ran.Load() {
			t.Fatalf("err %v ran %v", err, ran.Load())
		}
	})
	t.Run("idle", func(t *testing.T) {
		rt, _ := newTestRuntime(t)
		var deferred atomic.Bool
		g := &gate{}
		h := Spawn(rt, Async(func(co *Co) int {
			defer deferred.Store(true)
			Await(co, g)
			return 1
		}))
		eventually(t, 5*time.Second, "the task to wait", func() bool { return g.pollCount() > 0 && taskStateOf(h.hdr.state.load()) == TaskIdle })
		h.Abort()
		_, err := joinFromOutside(t, rt, h)
		if !errors.Is(err, ErrAborted) || !deferred.Load() {
			t.Fatalf("err %v deferred %v", err, deferred.Load())
		}
	})
	t.Run("running-then-pending", func(t *testing.T) {
		rt, _ := newTestRuntime(t, WithLongPollThreshold(0))
		inPoll, release := make(chan struct{}), make(chan struct{})
		var deferred atomic.Bool
		h := Spawn(rt, Async(func(co *Co) int {
			defer deferred.Store(true)
			close(inPoll)
			<-release // still in the first poll
			Await(co, Sleep(time.Hour))
			return 1
		}))
		<-inPoll
		if s := taskStateOf(h.hdr.state.load()); s != TaskRunning {
			t.Fatalf("state %v", s)
		}
		h.Abort()
		close(release)
		_, err := joinFromOutside(t, rt, h)
		if !errors.Is(err, ErrAborted) || !deferred.Load() {
			t.Fatalf("err %v deferred %v", err, deferred.Load())
		}
	})
	t.Run("running-then-ready", func(t *testing.T) {
		rt, _ := newTestRuntime(t, WithLongPollThreshold(0))
		inPoll, release := make(chan struct{}), make(chan struct{})
		h := Spawn(rt, Async(func(co *Co) int {
			close(inPoll)
			<-release
			return 7
		}))
		<-inPoll
		h.Abort()
		close(release)
		if v, err := joinFromOutside(t, rt, h); v != 7 || err != nil {
			t.Fatalf("a task completing in the poll it was aborted in: %v, %v", v, err)
		}
	})
	t.Run("complete", func(t *testing.T) {
		rt, _ := newTestRuntime(t)
		h := Spawn[int](rt, readyFuture{})
		joinFromOutside(t, rt, h)
		h.Abort()
		if v, err := joinFromOutside(t, rt, h); v != 1 || err != nil {
			t.Fatalf("abort after completion changed the result: %v, %v", v, err)
		}
	})
	t.Run("blocking-queued", func(t *testing.T) {
		rt, _ := newTestRuntime(t, WithBlockingThreads(1))
		release := make(chan struct{})
		first := SpawnBlocking(rt, func() int { <-release; return 1 })
		var ran atomic.Bool
		second := SpawnBlocking(rt, func() int { ran.Store(true); return 2 })
		second.Abort()
		close(release)
		if _, err := joinFromOutside(t, rt, second); !errors.Is(err, ErrAborted) || ran.Load() {
			t.Fatalf("queued blocking task: err %v ran %v", err, ran.Load())
		}
		if v, _ := joinFromOutside(t, rt, first); v != 1 {
			t.Fatal(v)
		}
	})
	t.Run("blocking-running", func(t *testing.T) {
		rt, _ := newTestRuntime(t)
		started, release := make(chan struct{}), make(chan struct{})
		h := SpawnBlocking(rt, func() int { close(started); <-release; return 3 })
		<-started
		h.Abort()
		close(release)
		if v, err := joinFromOutside(t, rt, h); v != 3 || err != nil {
			t.Fatalf("running blocking function: %v, %v (it cannot be stopped)", v, err)
		}
	})
}

func joinFromOutside[T any](t *testing.T, rt *Runtime, h *JoinHandle[T]) (v T, err error) {
	t.Helper()
	within(t, 10*time.Second, func() {
		r := BlockOn[Result[T]](rt, h)
		v, err = r.Get()
	})
	return v, err
}

// A wake of a queued task does not queue it twice; a wake after completion
// does nothing.
func TestWakeDeduplication(t *testing.T) {
	rt, _ := newTestRuntime(t, CurrentThread(), WithLongPollThreshold(0))
	var polls atomic.Int32
	var kept atomic.Pointer[Waker]
	f := pollFn[int](func(cx *Context) Poll[int] {
		n := polls.Add(1)
		kept.Store(cx.Waker())
		if n < 2 {
			return Pending[int]()
		}
		return Ready(int(n))
	})
	h := Spawn[int](rt, f)
	eventually(t, 5*time.Second, "the first poll", func() bool { return polls.Load() == 1 })
	release := blocker(rt)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				kept.Load().Wake()
			}
		}()
	}
	wg.Wait()
	release()
	if v, _ := joinFromOutside(t, rt, h); v != 2 {
		t.Fatalf("800 wakes of a queued task caused %d polls, want 2 in all", v)
	}
	before := rt.Metrics().Polls
	kept.Load().Wake()
	time.Sleep(10 * time.Millisecond)
	if polls.Load() != 2 || rt.Metrics().Polls != before {
		t.Fatal("a wake after completion polled the task")
	}
	if ti := h.hdr.wakes.Load(); ti < 801 {
		t.Fatalf("wakes counted %d", ti)
	}
}

func TestJoinSet(t *testing.T) {
	rt, _ := newTestRuntime(t)
	within(t, 10*time.Second, func() {
		got := BlockOn(rt, Async(func(co *Co) []int {
			js := NewJoinSet[int](co)
			for i := range 5 {
				js.Spawn(Async(func(co *Co) int {
					Await(co, Sleep(time.Duration(5-i)*time.Millisecond))
					return i
				}))
			}
			js.SpawnNamed("ready", readyFuture{})
			if js.Len() != 6 {
				t.Errorf("Len = %d", js.Len())
			}
			var out []int
			for {
				v, err, ok := js.JoinNext(co)
				if !ok {
					break
				}
				if err != nil {
					t.Error(err)
				}
				out = append(out, v)
			}
			if js.Len() != 0 {
				t.Errorf("Len after draining = %d", js.Len())
			}
			return out
		}))
		sort.Ints(got)
		if fmt.Sprint(got) != "[0 1 1 2 3 4]" {
			t.Errorf("joined %v", got)
		}
	})
}

func TestJoinSetAbortAllAndShutdown(t *testing.T) {
	rt, _ := newTestRuntime(t)
	var deferred, started atomic.Int32
	within(t, 10*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) int {
			js := NewJoinSet[int](rt)
			for range 10 {
				js.Spawn(Async(func(co *Co) int {
					defer deferred.Add(1)
					started.Add(1)
					Await(co, Sleep(time.Hour))
					return 1
				}))
			}
			for started.Load() < 10 {
				Await(co, Sleep(time.Millisecond))
			}
			js.AbortAll()
			aborted := 0
			for {
				_, err, ok := js.JoinNext(co)
				if !ok {
					break
				}
				if errors.Is(err, ErrAborted) {
					aborted++
				}
			}
			if aborted != 10 {
				t.Errorf("%d of 10 aborted", aborted)
			}
			js2 := NewJoinSet[int](co)
			for range 3 {
				js2.Spawn(Sleep2Int(time.Hour))
			}
			js2.Shutdown(co)
			if js2.Len() != 0 {
				t.Errorf("Len after Shutdown = %d", js2.Len())
			}
			return 0
		}))
	})
	if deferred.Load() != 10 {
		t.Fatalf("%d defers ran", deferred.Load())
	}
	if msg := mustPanic(t, func() { NewJoinSet[int](nil) }); !strings.Contains(msg, "nil Spawner") {
		t.Fatal(msg)
	}
}

// Sleep2Int is a hand-written future of an int that sleeps first.
func Sleep2Int(d time.Duration) Future[int] {
	s := Sleep(d)
	return pollFn[int](func(cx *Context) Poll[int] {
		if s.Poll(cx).IsReady() {
			return Ready(0)
		}
		return Pending[int]()
	})
}
