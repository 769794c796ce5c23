package asyncrt

import (
	"errors"
	"math/rand/v2"
	"sort"
	"sync/atomic"
	"testing"
	"time"
)

func TestSleepRealClock(t *testing.T) {
	rt, _ := newTestRuntime(t)
	start := time.Now()
	BlockOn(rt, Sleep(20*time.Millisecond))
	if el := time.Since(start); el < 20*time.Millisecond {
		t.Fatalf("Sleep(20ms) returned after %v", el)
	}
	BlockOn(rt, Sleep(0))
	BlockOn(rt, Sleep(-time.Second))
}

// The countdown starts at the first poll, not when Sleep is called.
func TestSleepIsLazy(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	s := Sleep(time.Hour)
	rt.TestClock().SetAutoAdvance(false)
	rt.TestClock().Advance(2 * time.Hour) // before the first poll: does not count
	rt.TestClock().SetAutoAdvance(true)
	start := rt.Now()
	BlockOn(rt, s)
	if el := rt.Now().Sub(start); el != time.Hour {
		t.Fatalf("slept %v of runtime time, want 1h from the first poll", el)
	}
}

func TestPausedClockAutoAdvance(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	if rt.TestClock() == nil {
		t.Fatal("no test clock")
	}
	start := rt.Now()
	wall := time.Now()
	var order []int
	within(t, 10*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) int {
			js := NewJoinSet[int](co)
			for _, h := range []int{3, 1, 2} {
				js.Spawn(Async(func(co *Co) int {
					Await(co, Sleep(time.Duration(h)*time.Hour))
					return h
				}))
			}
			for {
				v, _, ok := js.JoinNext(co)
				if !ok {
					return 0
				}
				order = append(order, v)
			}
		}))
	})
	if got := rt.Now().Sub(start); got != 3*time.Hour {
		t.Fatalf("runtime clock advanced %v, want 3h", got)
	}
	if time.Since(wall) > 5*time.Second {
		t.Fatal("a paused clock test took wall time")
	}
	if len(order) != 3 || order[0] != 1 || order[1] != 2 || order[2] != 3 {
		t.Fatalf("timers fired in order %v", order)
	}
}

// A blocking function in flight holds the paused clock still.
func TestPausedClockWaitsForBlocking(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	release := make(chan struct{})
	var sleptFirst atomic.Bool
	h := SpawnBlocking(rt, func() int { <-release; return 0 })
	go func() {
		time.Sleep(50 * time.Millisecond)
		sleptFirst.Store(true)
		close(release)
	}()
	within(t, 10*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) int {
			Await(co, Sleep(time.Minute))
			if !sleptFirst.Load() {
				t.Error("the clock advanced while a blocking function ran")
			}
			h.Join(co)
			return 0
		}))
	})
}

func TestTestClockManual(t *testing.T) {
	c := NewTestClock(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC))
	c.SetAutoAdvance(false)
	rt, _ := newTestRuntime(t, WithTestClock(c))
	var done atomic.Bool
	Spawn(rt, Async(func(co *Co) int {
		Await(co, Sleep(10*time.Second))
		done.Store(true)
		return 0
	}))
	eventually(t, 5*time.Second, "the timer to be armed", func() bool { return rt.timers.len() == 1 })
	c.Advance(5 * time.Second)
	time.Sleep(20 * time.Millisecond)
	if done.Load() {
		t.Fatal("woke after 5s of a 10s sleep")
	}
	c.Advance(5 * time.Second)
	eventually(t, 5*time.Second, "the sleeper to wake", done.Load)
	if want := time.Date(2030, 1, 1, 0, 0, 10, 0, time.UTC); !c.Now().Equal(want) || !rt.Now().Equal(want) {
		t.Fatalf("clock reads %v", c.Now())
	}
	if mustPanic(t, func() { c.Advance(-1) }) == "" {
		t.Fatal("negative Advance")
	}
	// A clock not attached to a runtime just moves.
	free := NewTestClock(time.Unix(0, 0))
	free.Advance(time.Second)
	if free.Now() != time.Unix(1, 0) {
		t.Fatal(free.Now())
	}
}

func TestTimeout(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	var deferred atomic.Bool
	r := BlockOn(rt, Timeout(time.Second, Async(func(co *Co) int {
		defer deferred.Store(true)
		Await(co, Sleep(time.Hour))
		return 1
	})))
	if !errors.Is(r.Err, ErrTimeout) || !deferred.Load() {
		t.Fatalf("expired Timeout: %+v, inner unwound %v", r, deferred.Load())
	}
	r = BlockOn(rt, Timeout(time.Hour, Async(func(co *Co) int {
		Await(co, Sleep(time.Second))
		return 2
	})))
	if r.Value != 2 || r.Err != nil {
		t.Fatalf("Timeout in time: %+v", r)
	}
	if n := rt.timers.len(); n != 0 {
		t.Fatalf("%d timers left armed", n)
	}
	//asynclint:ignore droppedfuture the call only has to panic
	if msg := mustPanic(t, func() { Timeout[int](time.Second, nil) }); msg == "" {
		t.Fatal("Timeout(nil)")
	}
	// Dropping a pending Timeout drops its inner future and its timer.
	var innerDropped atomic.Bool
	to := Timeout(time.Hour, Async(func(co *Co) int {
		defer innerDropped.Store(true)
		Await(co, Sleep(time.Hour))
		return 0
	}))
	BlockOn(rt, Async(func(co *Co) int {
		to.Poll(co.cx)
		Drop(to)
		return 0
	}))
	if !innerDropped.Load() || rt.timers.len() != 0 {
		t.Fatalf("dropped Timeout: inner dropped %v, timers %d", innerDropped.Load(), rt.timers.len())
	}
}

func TestInterval(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	iv := NewInterval(time.Minute)
	if iv.Period() != time.Minute {
		t.Fatal(iv.Period())
	}
	ticks := BlockOn(rt, Async(func(co *Co) []time.Duration {
		var out []time.Duration
		start := rt.Now()
		for range 4 {
			out = append(out, Await(co, iv.Tick()).Sub(start))
		}
		// Busy for 3 periods: the missed ticks come at once (burst).
		Await(co, Sleep(3*time.Minute+time.Second))
		before := rt.Now()
		for range 3 {
			Await(co, iv.Tick())
		}
		if rt.Now() != before {
			t.Error("missed ticks were not delivered at once")
		}
		return out
	}))
	want := []time.Duration{0, time.Minute, 2 * time.Minute, 3 * time.Minute}
	for i := range want {
		if ticks[i] != want[i] {
			t.Fatalf("ticks at %v, want %v", ticks, want)
		}
	}
	if mustPanic(t, func() { NewInterval(0) }) == "" {
		t.Fatal("NewInterval(0)")
	}
}

// Outside a runtime (a custom executor), Sleep and Interval use Go timers.
func TestTimersWithCustomExecutor(t *testing.T) {
	woken := make(chan struct{}, 10)
	cx := NewContext(NewWaker(func() { woken <- struct{}{} }))
	s := Sleep(5 * time.Millisecond)
	if s.Poll(cx).IsReady() {
		t.Fatal("ready at once")
	}
	<-woken
	if !s.Poll(cx).IsReady() {
		t.Fatal("not ready after the waker fired")
	}
	iv := NewInterval(5 * time.Millisecond)
	tick := iv.Tick()
	if !tick.Poll(cx).IsReady() {
		t.Fatal("first tick not immediate")
	}
	for tick.Poll(cx).IsReady() == false {
		<-woken
	}
	Drop(tick)
	s2 := Sleep(time.Hour)
	s2.Poll(cx)
	Drop(s2)
}

// The timer heap fires in deadline order whatever the insertion order, and
// cancelled entries never fire.
func TestTimerDriverOrder(t *testing.T) {
	var d timerDriver
	d.init(&Runtime{clock: NewTestClock(time.Unix(0, 0))})
	r := rand.New(rand.NewPCG(1, 2))
	var fired []int64
	entries := make([]*timerEntry, 2000)
	cancelled := map[int]bool{}
	for i := range entries {
		e := &timerEntry{}
		entries[i] = e
		when := r.Int64N(1e6)
		d.register(e, when, NewWaker(func() { fired = append(fired, when) }))
	}
	for i := range entries {
		if r.IntN(4) == 0 {
			d.cancel(entries[i])
			cancelled[i] = true
		}
	}
	for now := int64(0); now <= 1e6; now += 1e4 {
		d.fire(now)
	}
	if !sort.SliceIsSorted(fired, func(i, j int) bool { return fired[i] < fired[j] }) {
		t.Fatal("timers fired out of order")
	}
	if len(fired) != len(entries)-len(cancelled) || d.len() != 0 {
		t.Fatalf("fired %d, want %d; %d left", len(fired), len(entries)-len(cancelled), d.len())
	}
	if _, ok := d.nextDeadline(); ok {
		t.Fatal("next deadline of an empty driver")
	}
}
