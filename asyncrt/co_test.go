package asyncrt

import (
	"errors"
	"iter"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestAsyncIsLazy(t *testing.T) {
	var ran atomic.Bool
	f := Async(func(co *Co) int {
		ran.Store(true)
		return 1
	})
	time.Sleep(time.Millisecond)
	if ran.Load() {
		t.Fatal("Async body ran before the future was polled")
	}
	// Polled by hand: it runs now, and completes.
	p := f.Poll(NewContext(NoopWaker()))
	if v, ok := p.Value(); !ok || v != 1 || !ran.Load() {
		t.Fatalf("first poll = %v, %v (ran %v)", v, ok, ran.Load())
	}
	if msg := mustPanic(t, func() { f.Poll(NewContext(NoopWaker())) }); !strings.Contains(msg, "after it completed") {
		t.Fatalf("polling a completed async future: %q", msg)
	}
	//asynclint:ignore droppedfuture the call only has to panic
	if msg := mustPanic(t, func() { Async[int](nil) }); !strings.Contains(msg, "nil body") {
		t.Fatalf("Async(nil): %q", msg)
	}
}

// A custom executor: Async works with any Context, suspending at pending
// awaits and resuming when polled again.
func TestAsyncWithCustomExecutor(t *testing.T) {
	g := &gate{}
	var woken atomic.Int32
	cx := NewContext(NewWaker(func() { woken.Add(1) }))
	f := Async(func(co *Co) string {
		Await(co, g)
		return "done"
	})
	if f.Poll(cx).IsReady() {
		t.Fatal("ready before the gate opened")
	}
	g.Open()
	if woken.Load() != 1 {
		t.Fatalf("waker called %d times, want 1", woken.Load())
	}
	v, ok := f.Poll(cx).Value()
	if !ok || v != "done" {
		t.Fatalf("after the gate opened: %q, %v", v, ok)
	}
}

func TestAwaitReadyDoesNotSuspend(t *testing.T) {
	cx := NewContext(NoopWaker())
	f := Async(func(co *Co) int {
		s := 0
		for range 10 {
			s += Await[int](co, readyFuture{})
		}
		return s
	})
	if v, ok := f.Poll(cx).Value(); !ok || v != 10 {
		t.Fatalf("got %v, %v; ready awaits must not suspend under an unlimited budget", v, ok)
	}
}

// An async function called with the same co runs inline: an implicit await.
func TestInlineAsyncCall(t *testing.T) {
	rt, _ := newTestRuntime(t)
	double := func(co *Co, x int) int {
		Yield(co)
		return 2 * x
	}
	v := BlockOn(rt, Async(func(co *Co) int { return double(co, 20) + double(co, 1) }))
	if v != 42 {
		t.Fatalf("got %d", v)
	}
}

func TestNestedAsync(t *testing.T) {
	rt, _ := newTestRuntime(t)
	inner := func(x int) Future[int] {
		return Async(func(co *Co) int {
			Await(co, Sleep(time.Millisecond))
			return x + 1
		})
	}
	v := BlockOn(rt, Async(func(co *Co) int {
		return Await(co, inner(Await(co, inner(Await(co, inner(0))))))
	}))
	if v != 3 {
		t.Fatalf("got %d", v)
	}
}

func TestAwaitMisuse(t *testing.T) {
	rt, _ := newTestRuntime(t)
	within(t, 10*time.Second, func() {
		// The *Co of the outer coroutine used inside a nested one.
		msg := BlockOn(rt, Async(func(outer *Co) string {
			return Await(outer, Async(func(inner *Co) string {
				return mustPanic(t, func() { Await[int](outer, readyFuture{}) })
			}))
		}))
		if !strings.Contains(msg, "*Co of another coroutine") {
			t.Errorf("awaiting with another coroutine's Co: %q", msg)
		}
		// A *Co kept after its body returned.
		var kept *Co
		BlockOn(rt, Async(func(co *Co) int { kept = co; return 0 }))
		msg = mustPanic(t, func() { Await[int](kept, readyFuture{}) })
		if !strings.Contains(msg, "after its async function returned") {
			t.Errorf("awaiting after the body returned: %q", msg)
		}
		// A nil future.
		msg = BlockOn(rt, Async(func(co *Co) string {
			return mustPanic(t, func() { Await[int](co, nil) })
		}))
		if !strings.Contains(msg, "nil Future") {
			t.Errorf("awaiting nil: %q", msg)
		}
		// A nil *Co.
		if msg := mustPanic(t, func() { Await[int](nil, readyFuture{}) }); !strings.Contains(msg, "nil *Co") {
			t.Errorf("nil co: %q", msg)
		}
		// A *Co used outside its body while the body is suspended (kept
		// in a variable and used by other code of the same task).
		var leaked *Co
		g := &gate{}
		msg = BlockOn(rt, Async(func(co *Co) string {
			inner := Async(func(c *Co) int {
				leaked = c
				Await(c, g)
				return 0
			})
			inner.Poll(co.cx) // started, suspended at the gate
			defer Drop(inner)
			return mustPanic(t, func() { Yield(leaked) })
		}))
		if !strings.Contains(msg, "not running") {
			t.Errorf("Yield with a suspended coroutine's Co: %q", msg)
		}
	})
}

func TestAsyncPanicBecomesPanicError(t *testing.T) {
	boom := errors.New("boom")
	f := Async(func(co *Co) int { panic(boom) })
	defer func() {
		pe, ok := recover().(*PanicError)
		if !ok {
			t.Fatal("polling a panicking body did not panic with *PanicError")
		}
		if !errors.Is(pe, boom) || !strings.Contains(string(pe.Stack), "co_test.go") {
			t.Fatalf("PanicError %v lacks the value or the body's stack", pe.Value)
		}
	}()
	f.Poll(NewContext(NoopWaker()))
}

// Dropping a started body unwinds it: its defers run, in order, and code
// after the await does not.
func TestDropUnwindsCoroutine(t *testing.T) {
	var trace []string
	g := &gate{}
	f := Async(func(co *Co) int {
		defer func() { trace = append(trace, "outer defer") }()
		func() {
			defer func() { trace = append(trace, "inner defer") }()
			Await(co, g)
			trace = append(trace, "after await")
		}()
		return 1
	})
	if f.Poll(NewContext(NoopWaker())).IsReady() {
		t.Fatal("ready")
	}
	Drop(f)
	if strings.Join(trace, ",") != "inner defer,outer defer" {
		t.Fatalf("trace %v", trace)
	}
	Drop(f) // dropping twice does nothing
	// A body never started is simply forgotten.
	var ran bool
	Drop(Async(func(co *Co) int { ran = true; return 0 }))
	if ran {
		t.Fatal("dropping an unstarted future ran it")
	}
	Drop(42) // not a Dropper: nothing happens
}

// A body that recovers the cancellation and tries to await again is unwound
// again: cancellation cannot be swallowed into a hang.
func TestDropCannotBeSwallowed(t *testing.T) {
	g := &gate{}
	var second bool
	f := Async(func(co *Co) int {
		func() {
			defer func() { recover() }()
			Await(co, g)
		}()
		second = true
		Await(co, g) // panics again: the coroutine is cancelled
		t.Error("resumed after cancellation")
		return 1
	})
	f.Poll(NewContext(NoopWaker()))
	Drop(f)
	if !second {
		t.Fatal("the body did not resume after recovering")
	}
}

func TestDropPanicInDefer(t *testing.T) {
	g := &gate{}
	f := Async(func(co *Co) int {
		defer func() { panic("defer failed") }()
		Await(co, g)
		return 1
	})
	f.Poll(NewContext(NoopWaker()))
	defer func() {
		if pe, ok := recover().(*PanicError); !ok || pe.Value != "defer failed" {
			t.Fatalf("Drop did not re-raise the defer's panic: %v", pe)
		}
	}()
	Drop(f)
}

// Yield puts the task behind the others: two yielding tasks on one worker
// interleave.
func TestYieldInterleaves(t *testing.T) {
	rt, _ := newTestRuntime(t, CurrentThread())
	var order []int
	body := func(id int) Future[int] {
		return Async(func(co *Co) int {
			for range 3 {
				order = append(order, id)
				Yield(co)
			}
			return id
		})
	}
	BlockOn(rt, Async(func(co *Co) int {
		a, b := Spawn(co, body(1)), Spawn(co, body(2))
		a.Join(co)
		b.Join(co)
		return 0
	}))
	want := "121212"
	got := ""
	for _, id := range order {
		got += string(rune('0' + id))
	}
	if got != want {
		t.Fatalf("order %s, want %s", got, want)
	}
}

// The cooperative budget: a task awaiting only ready futures still lets the
// other task on a current-thread runtime run.
func TestCoopBudget(t *testing.T) {
	rt, _ := newTestRuntime(t, CurrentThread())
	var stop atomic.Bool
	within(t, 10*time.Second, func() {
		v := BlockOn(rt, Async(func(co *Co) int {
			spinner := Spawn(co, Async(func(co *Co) int {
				n := 0
				for !stop.Load() {
					n += Await[int](co, readyFuture{})
				}
				return n
			}))
			// Without the budget, the spinner (queued first) would never
			// give the worker back and this task would never be polled again.
			Await(co, Sleep(time.Millisecond))
			stop.Store(true)
			n, _ := spinner.Join(co)
			return n
		}))
		if v < coopBudget {
			t.Errorf("spinner awaited %d times, expected at least one full budget", v)
		}
	})
}

// The coroutine pool: a finished body's coroutine runs the next body.
func TestCoroutineReuse(t *testing.T) {
	rt, _ := newTestRuntime(t, CurrentThread())
	BlockOn(rt, Async(func(co *Co) int {
		for range 10 {
			h := Spawn(co, Async(func(co *Co) int { Yield(co); return 1 }))
			h.Join(co)
		}
		return 0
	}))
	if n := len(rt.workers[0].coros); n == 0 || n > 3 {
		t.Fatalf("pool holds %d coroutines after sequential tasks, want 1-3", n)
	}
}

// BenchmarkCoroutineSwitch measures what co.go's choice rests on: a
// resume+suspend round trip on an iter.Pull coroutine vs a goroutine with
// a pair of unbuffered channels.
func BenchmarkCoroutineSwitch(b *testing.B) {
	b.Run("iter.Pull", func(b *testing.B) {
		next, stop := iter.Pull(func(yield func(int) bool) {
			for yield(1) {
			}
		})
		defer stop()
		for range b.N {
			next()
		}
	})
	b.Run("goroutine+channels", func(b *testing.B) {
		resume, suspend := make(chan struct{}), make(chan struct{})
		go func() {
			for range resume {
				suspend <- struct{}{}
			}
		}()
		for range b.N {
			resume <- struct{}{}
			<-suspend
		}
		close(resume)
	})
	b.Run("create/iter.Pull", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			next, _ := iter.Pull(func(yield func(int) bool) {})
			next()
		}
	})
}
