package asyncrt

import (
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// sleeper is an async function that records whether its defers ran.
func sleeper(d time.Duration, v int, started, unwound *atomic.Int32) Future[int] {
	return Async(func(co *Co) int {
		if started != nil {
			started.Add(1)
		}
		defer func() {
			if unwound != nil {
				unwound.Add(1)
			}
		}()
		Await(co, Sleep(d))
		return v
	})
}

func TestJoinAndJoinAll(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	within(t, 10*time.Second, func() {
		got := BlockOn(rt, Async(func(co *Co) []int {
			p := Await(co, Join(sleeper(3*time.Second, 1, nil, nil), ReadyFuture("x")))
			if p.First != 1 || p.Second != "x" {
				t.Errorf("Join = %+v", p)
			}
			start := rt.Now()
			vs := Await(co, JoinAll(sleeper(3*time.Second, 10, nil, nil), sleeper(time.Second, 20, nil, nil), sleeper(2*time.Second, 30, nil, nil)))
			// Concurrent: the whole takes the longest, not the sum.
			if d := rt.Now().Sub(start); d != 3*time.Second {
				t.Errorf("JoinAll took %v of runtime clock, want 3s", d)
			}
			if empty := Await(co, JoinAll[int]()); empty == nil || len(empty) != 0 {
				t.Errorf("JoinAll() = %#v, want an empty slice", empty)
			}
			return vs
		}))
		if !slices.Equal(got, []int{10, 20, 30}) {
			t.Fatalf("JoinAll = %v, want values in argument order", got)
		}
	})
}

// Each child has its own waker: a wake of one child re-polls that child
// only.
func TestJoinAllPollsOnlyWokenChildren(t *testing.T) {
	gates := make([]*gate, 50)
	fs := make([]Future[struct{}], len(gates))
	for i := range gates {
		gates[i] = &gate{}
		fs[i] = gates[i]
	}
	j := JoinAll(fs...)
	var wakes atomic.Int32
	cx := NewContext(NewWaker(func() { wakes.Add(1) }))
	if j.Poll(cx).IsReady() {
		t.Fatal("JoinAll ready with closed gates")
	}
	gates[7].Open()
	if wakes.Load() != 1 {
		t.Fatalf("opening one gate woke the parent %d times, want 1", wakes.Load())
	}
	j.Poll(cx)
	for i, g := range gates {
		want := 1
		if i == 7 {
			want = 2
		}
		if g.pollCount() != want {
			t.Fatalf("gate %d polled %d times, want %d", i, g.pollCount(), want)
		}
	}
	for _, g := range gates {
		g.Open()
	}
	if v, ok := j.Poll(cx).Value(); !ok || len(v) != 50 {
		t.Fatalf("JoinAll after all gates opened: ready=%v len=%d", ok, len(v))
	}
}

// The losers of Select are dropped when the winner is ready: their defers
// have run by the time Select returns, and their timers are disarmed.
func TestSelectCancelsLosers(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	var started, unwound atomic.Int32
	within(t, 10*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) struct{} {
			var got string
			i := Await(co, Select(
				Case(sleeper(time.Hour, 1, &started, &unwound), func(v int) { got = "slow" }),
				Case(Sleep(time.Second), func(struct{}) { got = "timeout" }),
				Case(Never[string](), func(string) { got = "never" }),
			))
			if i != 1 || got != "timeout" {
				t.Errorf("Select = %d (%q), want 1 (timeout)", i, got)
			}
			if started.Load() != 1 || unwound.Load() != 1 {
				t.Errorf("loser started %d, unwound %d: want its defer to have run before Select returned", started.Load(), unwound.Load())
			}
			if n := rt.timers.len(); n != 0 {
				t.Errorf("%d timers still armed after Select: the loser's Sleep was not disarmed", n)
			}
			return struct{}{}
		}))
	})
}

// A loser whose handler is a task's JoinHandle detaches it; AbortOnDrop
// aborts it instead.
func TestSelectWithJoinHandles(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	var started, unwound atomic.Int32
	within(t, 10*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) struct{} {
			detached := Spawn(co, sleeper(time.Hour, 1, nil, nil))
			aborted := Spawn(co, sleeper(time.Hour, 2, &started, &unwound))
			for started.Load() == 0 {
				Yield(co)
			}
			i := Await(co, Select(
				Case(detached, nil),
				Case(AbortOnDrop(aborted), nil),
				Case(ReadyFuture(0), nil),
			))
			if i != 2 {
				t.Errorf("Select = %d, want the ready case", i)
			}
			if _, err := aborted.Join(co); !errors.Is(err, ErrAborted) || unwound.Load() != 1 {
				t.Errorf("AbortOnDrop loser: err %v, unwound %d; want ErrAborted and its defer run", err, unwound.Load())
			}
			if detached.IsFinished() {
				t.Error("a plain JoinHandle loser was aborted; dropping a handle must detach its task")
			}
			detached.Abort()
			return struct{}{}
		}))
	})
}

// Select is fair: a case that is always ready does not always win.
func TestSelectFairAndBiased(t *testing.T) {
	rt, _ := newTestRuntime(t)
	within(t, 10*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) struct{} {
			wins := [2]int{}
			for range 200 {
				wins[Await(co, Select(Case(ReadyFuture(1), nil), Case(ReadyFuture(2), nil)))]++
			}
			if wins[0] == 0 || wins[1] == 0 {
				t.Errorf("Select over two ready cases: wins %v, want both to win sometimes", wins)
			}
			for range 20 {
				if i := Await(co, SelectBiased(Case(ReadyFuture(1), nil), Case(ReadyFuture(2), nil))); i != 0 {
					t.Errorf("SelectBiased = %d, want 0", i)
				}
			}
			return struct{}{}
		}))
	})
}

func TestRace(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	var unwound atomic.Int32
	within(t, 10*time.Second, func() {
		v := BlockOn(rt, Async(func(co *Co) int {
			return Await(co, Race(sleeper(3*time.Second, 3, nil, &unwound), sleeper(time.Second, 1, nil, &unwound), sleeper(2*time.Second, 2, nil, &unwound)))
		}))
		if v != 1 {
			t.Errorf("Race = %d, want the fastest (1)", v)
		}
		// The winner returned normally (its defer ran too), the two losers unwound.
		if unwound.Load() != 3 {
			t.Errorf("%d defers ran, want 3 (winner and both losers)", unwound.Load())
		}
	})
	//asynclint:ignore droppedfuture the call only has to panic
	if msg := mustPanic(t, func() { Race[int]() }); !strings.Contains(msg, "never complete") {
		t.Errorf("Race(): %q", msg)
	}
}

func TestTryJoinAllCancelsTheRest(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	boom := errors.New("boom")
	var started, unwound, taskUnwound atomic.Int32
	within(t, 10*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) struct{} {
			ok := func(d time.Duration, v int) Future[Result[int]] {
				return Map(sleeper(d, v, &started, &unwound), func(v int) Result[int] { return Result[int]{Value: v} })
			}
			fail := Async(func(co *Co) Result[int] {
				Await(co, Sleep(time.Second))
				return Result[int]{Err: boom}
			})
			task := Spawn(co, sleeper(time.Hour, 9, nil, &taskUnwound))
			start := rt.Now()
			r := Await(co, TryJoinAll(ok(time.Hour, 1), fail, ok(2*time.Hour, 2), AbortOnDrop(task)))
			if !errors.Is(r.Err, boom) {
				t.Errorf("TryJoinAll err = %v, want boom", r.Err)
			}
			if d := rt.Now().Sub(start); d != time.Second {
				t.Errorf("TryJoinAll returned after %v, want at the first error (1s)", d)
			}
			if started.Load() != 2 || unwound.Load() != 2 {
				t.Errorf("started %d, unwound %d: the rest must be cancelled, defers run", started.Load(), unwound.Load())
			}
			if _, err := task.Join(co); !errors.Is(err, ErrAborted) || taskUnwound.Load() != 1 {
				t.Errorf("task wrapped in AbortOnDrop: %v, unwound %d", err, taskUnwound.Load())
			}
			all := Await(co, TryJoinAll(ok(time.Second, 1), ok(time.Second, 2)))
			if all.Err != nil || !slices.Equal(all.Value, []int{1, 2}) {
				t.Errorf("TryJoinAll without error = %+v", all)
			}
			return struct{}{}
		}))
	})
}

// A panic in one child drops its siblings (their defers run) and reaches
// the joiner as the task's *PanicError.
func TestCombinatorPanicDropsSiblings(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	for name, mk := range map[string]func(a, b Future[int]) Future[int]{
		"JoinAll": func(a, b Future[int]) Future[int] {
			return Map(JoinAll(a, b), func([]int) int { return 0 })
		},
		"Join": func(a, b Future[int]) Future[int] {
			return Map(Join(a, b), func(Pair[int, int]) int { return 0 })
		},
		"Race": func(a, b Future[int]) Future[int] { return Race(a, b) },
		"Select": func(a, b Future[int]) Future[int] {
			return Select(Case(a, nil), Case(b, nil))
		},
	} {
		var unwound atomic.Int32
		within(t, 10*time.Second, func() {
			h := Spawn(rt, mk(sleeper(time.Hour, 1, nil, &unwound), Async(func(co *Co) int {
				Await(co, Sleep(time.Second))
				panic("child failed")
			})))
			_, err := BlockOn(rt, Future[Result[int]](h)).Get()
			var pe *PanicError
			if !errors.As(err, &pe) || pe.Value != "child failed" {
				t.Errorf("%s: err = %v, want the child's panic", name, err)
			}
			if unwound.Load() != 1 {
				t.Errorf("%s: the sibling's defer ran %d times, want 1", name, unwound.Load())
			}
		})
	}
}

// Dropping a combinator (its task aborted) drops every child.
func TestCombinatorDropOnAbort(t *testing.T) {
	rt, _ := newTestRuntime(t) // the real clock: the hour never passes
	var started, unwound atomic.Int32
	s := func() Future[int] { return sleeper(time.Hour, 1, &started, &unwound) }
	futs := []Future[int]{
		Map(JoinAll(s(), s()), func([]int) int { return 0 }),
		Map(Join(s(), s()), func(Pair[int, int]) int { return 0 }),
		Race(s(), s()),
		Select(Case(s(), nil), Case(s(), nil)),
		Map(TryJoinAll(Map(s(), func(v int) Result[int] { return Result[int]{Value: v} })), func(Result[[]int]) int { return 0 }),
		Map(WithCancel(NewCancellationToken(), s()), func(Result[int]) int { return 0 }),
	}
	within(t, 10*time.Second, func() {
		var hs []*JoinHandle[int]
		for _, f := range futs {
			hs = append(hs, Spawn(rt, f))
		}
		eventually(t, 5*time.Second, "all children started", func() bool { return started.Load() == 10 })
		for _, h := range hs {
			h.Abort()
			if _, err := BlockOn(rt, Future[Result[int]](h)).Get(); !errors.Is(err, ErrAborted) {
				t.Errorf("aborted task: %v", err)
			}
		}
		if unwound.Load() != 10 {
			t.Errorf("%d of 10 children unwound when their combinators' tasks were aborted", unwound.Load())
		}
	})
}

func TestSmallFutures(t *testing.T) {
	cx := NewContext(NoopWaker())
	if v, _ := Map(ReadyFuture(20), func(v int) string { return strings.Repeat("a", v/10) }).Poll(cx).Value(); v != "aa" {
		t.Errorf("Map = %q", v)
	}
	calls := 0
	l := Lazy(func() int { calls++; return 5 })
	if calls != 0 {
		t.Error("Lazy ran its function before being polled")
	}
	if v, _ := l.Poll(cx).Value(); v != 5 || calls != 1 {
		t.Errorf("Lazy = %d after %d calls", v, calls)
	}
	n := 0
	pf := PollFn(func(cx *Context) Poll[int] {
		n++
		if n < 3 {
			cx.Waker().Wake()
			return Pending[int]()
		}
		return Ready(n)
	})
	for !pf.Poll(cx).IsReady() {
	}
	if n != 3 {
		t.Errorf("PollFn polled %d times", n)
	}
	if Never[int]().Poll(cx).IsReady() {
		t.Error("Never is ready")
	}
	// Each call only has to panic on its nil argument; Drop keeps the
	// futures from reading as dropped.
	for _, f := range []func(){
		func() { Drop(JoinAll[int](nil)) }, func() { Drop(Join[int, int](nil, ReadyFuture(1))) },
		func() { Drop(Select()) }, func() { Case[int](nil, nil) }, func() { Drop(Map[int, int](nil, nil)) },
		func() { Drop(Lazy[int](nil)) }, func() { Drop(PollFn[int](nil)) }, func() { Drop(AbortOnDrop[int](nil)) },
	} {
		if msg := mustPanic(t, f); !strings.HasPrefix(msg, "asyncrt: ") {
			t.Errorf("misuse panic without a clear message: %q", msg)
		}
	}
}
