package asyncrt

import (
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestGenerate(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	var ran atomic.Bool
	within(t, 10*time.Second, func() {
		got := BlockOn(rt, Async(func(co *Co) []int {
			s := Generate(func(co *Co, yield func(int)) {
				ran.Store(true)
				for i := range 4 {
					Await(co, Sleep(time.Second))
					yield(i * i)
				}
			})
			if ran.Load() {
				t.Error("Generate's body ran before the stream was polled")
			}
			var out []int
			for v := range Iter(co, s) {
				out = append(out, v)
			}
			return out
		}))
		if !slices.Equal(got, []int{0, 1, 4, 9}) {
			t.Fatalf("Generate = %v", got)
		}
	})
}

// yield suspends the body: production never runs ahead of consumption.
func TestGenerateIsDemandDriven(t *testing.T) {
	var produced atomic.Int32
	s := Generate(func(co *Co, yield func(int)) {
		for i := 0; ; i++ {
			produced.Add(1)
			yield(i)
		}
	})
	cx := NewContext(NoopWaker())
	for want := range 3 {
		n := s.PollNext(cx)
		if !n.IsReady() || n.value.Value != want || int(produced.Load()) != want+1 {
			t.Fatalf("item %d: %+v, produced %d", want, n, produced.Load())
		}
	}
	Drop(s)
	if n := s.PollNext(cx); !n.IsReady() || n.value.OK {
		t.Fatal("a dropped generator must be done")
	}
}

// Dropping a generator (or a consumer stopping early) unwinds its body.
func TestGenerateDropRunsDefers(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	var unwound atomic.Int32
	gen := func() Stream[int] {
		return Generate(func(co *Co, yield func(int)) {
			defer unwound.Add(1)
			for i := 0; ; i++ {
				yield(i)
				Await(co, Sleep(time.Second))
			}
		})
	}
	within(t, 10*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) struct{} {
			for v := range Iter(co, gen()) {
				if v == 2 {
					break
				}
			}
			if unwound.Load() != 1 {
				t.Errorf("break out of Iter: generator unwound %d times", unwound.Load())
			}
			if got := Await(co, Collect(Take(gen(), 3))); !slices.Equal(got, []int{0, 1, 2}) || unwound.Load() != 2 {
				t.Errorf("Take(3) = %v, generator unwound %d times (want Take to drop it)", got, unwound.Load())
			}
			// A Select loser that reads a stream loses no item: NextItem is cancel-safe.
			s := gen()
			Await(co, NextItem(s)) // 0
			i := Await(co, Select(Case(NextItem(s), nil), Case(Sleep(time.Millisecond), nil)))
			if i != 1 {
				t.Errorf("Select = %d, want the timeout", i)
			}
			if n := Await(co, NextItem(s)); n.Value != 1 {
				t.Errorf("after a cancelled NextItem, the next item is %d, want 1", n.Value)
			}
			Drop(s)
			return struct{}{}
		}))
	})
	if unwound.Load() != 3 {
		t.Fatalf("generators unwound %d times, want 3", unwound.Load())
	}
	if msg := mustPanic(t, func() {
		BlockOn(rt, Async(func(co *Co) int {
			var leaked func(int)
			s := Generate(func(co *Co, yield func(int)) { leaked = yield; yield(1) })
			Await(co, NextItem(s))
			leaked(2) // from the consumer, not the body
			return 0
		}))
	}); !strings.Contains(msg, "*Co used while its async function is not running") {
		t.Fatalf("yield called outside its body: %q", msg)
	}
}

func TestStreamAdapters(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	within(t, 10*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) struct{} {
			nums := func() Stream[int] { return FromSlice([]int{1, 2, 3, 4, 5, 6, 7}) }
			if got := Await(co, Collect(MapStream(Filter(nums(), func(v int) bool { return v%2 == 1 }), func(v int) string { return strings.Repeat("x", v) }))); !slices.Equal(got, []string{"x", "xxx", "xxxxx", "xxxxxxx"}) {
				t.Errorf("Map(Filter) = %v", got)
			}
			if got := Await(co, Collect(Chunks(nums(), 3))); len(got) != 3 || !slices.Equal(got[2], []int{7}) || !slices.Equal(got[0], []int{1, 2, 3}) {
				t.Errorf("Chunks(3) = %v", got)
			}
			if got := Await(co, Collect(Take(nums(), 0))); len(got) != 0 {
				t.Errorf("Take(0) = %v", got)
			}
			sum := 0
			Await(co, ForEach(nums(), func(v int) { sum += v }))
			if sum != 28 {
				t.Errorf("ForEach sum = %d", sum)
			}
			if got := Await(co, Collect(FromSeq(maps.Keys(map[int]bool{5: true})))); !slices.Equal(got, []int{5}) {
				t.Errorf("FromSeq = %v", got)
			}
			// Throttle: one item per second of the runtime clock.
			start := rt.Now()
			var at []time.Duration
			Await(co, ForEach(Throttle(nums(), time.Second), func(int) { at = append(at, rt.Now().Sub(start)) }))
			if len(at) != 7 || at[0] != 0 || at[6] != 6*time.Second {
				t.Errorf("Throttle delivered at %v", at)
			}
			return struct{}{}
		}))
	})
}

// FromSeq stops the sequence when dropped early.
func TestFromSeqStops(t *testing.T) {
	stopped := false
	s := FromSeq(func(yield func(int) bool) {
		defer func() { stopped = true }()
		for i := 0; yield(i); i++ {
		}
	})
	cx := NewContext(NoopWaker())
	s.PollNext(cx)
	s.PollNext(cx)
	Drop(s)
	if !stopped {
		t.Fatal("dropping a FromSeq stream did not stop its sequence")
	}
}

// Buffered and BufferUnordered never run more than n futures at once, and
// do reach n.
func TestBufferedRespectsBound(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	for _, ordered := range []bool{true, false} {
		var running, peak, made atomic.Int32
		durations := []int{5, 1, 4, 2, 3, 1, 6, 2, 1, 3}
		src := Generate(func(co *Co, yield func(Future[int])) {
			for i, d := range durations {
				made.Add(1)
				yield(Async(func(co *Co) int {
					n := running.Add(1)
					for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
					}
					Await(co, Sleep(time.Duration(d)*time.Second))
					running.Add(-1)
					return i
				}))
			}
		})
		var s Stream[int]
		if ordered {
			s = Buffered(src, 3)
		} else {
			s = BufferUnordered(src, 3)
		}
		within(t, 10*time.Second, func() {
			got := BlockOn(rt, Collect(s))
			if peak.Load() != 3 {
				t.Errorf("ordered=%v: peak concurrency %d, want exactly the bound 3", ordered, peak.Load())
			}
			sorted := slices.Sorted(slices.Values(got))
			if !slices.Equal(sorted, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
				t.Errorf("ordered=%v: values %v", ordered, got)
			}
			if ordered && !slices.Equal(got, sorted) {
				t.Errorf("Buffered out of order: %v", got)
			}
			if !ordered && slices.Equal(got, sorted) {
				t.Errorf("BufferUnordered produced the source order %v; want completion order", got)
			}
		})
	}
}

// A Buffered stream dropped mid-way drops its futures in flight.
func TestBufferedDropsInFlight(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	var started, unwound atomic.Int32
	within(t, 10*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) struct{} {
			src := Generate(func(co *Co, yield func(Future[int])) {
				for i := range 10 {
					yield(sleeper(time.Duration(i+1)*time.Second, i, &started, &unwound))
				}
			})
			got := Await(co, Collect(Take(BufferUnordered(src, 4), 2)))
			if len(got) != 2 {
				t.Errorf("Take(2) = %v", got)
			}
			return struct{}{}
		}))
	})
	// 4 in flight; the first to finish was replaced at the next poll (the
	// one that produced the second item, after which Take dropped the rest):
	// 5 started, and all 5 ran their defers (2 returned, 3 unwound).
	if started.Load() != 5 || unwound.Load() != 5 {
		t.Fatalf("started %d, unwound %d; want 5 and 5", started.Load(), unwound.Load())
	}
}
