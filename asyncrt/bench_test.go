package asyncrt

import (
	"io"
	"log/slog"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Each benchmark runs the runtime and its plain-Go baseline as
// sub-benchmarks of the same run; docs/performance.md records the ratios.

// quiet keeps benchmark output clean: a benchmark's root task holds its
// worker for long on purpose.
var quiet = WithLogger(slog.New(slog.NewTextHandler(io.Discard, nil)))

// readyFuture is the trivial hand-written future: ready at the first poll.
type readyFuture struct{}

func (readyFuture) Poll(*Context) Poll[int] { return Ready(1) }

// BenchmarkSpawnJoin: spawn b.N trivial tasks, then join them all.
func BenchmarkSpawnJoin(b *testing.B) {
	b.Run("baseline=go+WaitGroup", func(b *testing.B) {
		b.ReportAllocs()
		var wg sync.WaitGroup
		var sum atomic.Int64
		for range b.N {
			wg.Add(1)
			go func() {
				sum.Add(1)
				wg.Done()
			}()
		}
		wg.Wait()
	})
	spawnJoin := func(b *testing.B, f func() Future[int]) {
		rt := New(quiet)
		defer rt.Close()
		b.ReportAllocs()
		b.ResetTimer()
		BlockOn(rt, Async(func(co *Co) int {
			hs := make([]*JoinHandle[int], b.N)
			for i := range hs {
				hs[i] = Spawn(co, f())
			}
			sum := 0
			for _, h := range hs {
				v, _ := h.Join(co)
				sum += v
			}
			return sum
		}))
	}
	b.Run("future", func(b *testing.B) {
		spawnJoin(b, func() Future[int] { return readyFuture{} })
	})
	b.Run("async", func(b *testing.B) {
		body := func(co *Co) int { return 1 }
		spawnJoin(b, func() Future[int] { return Async(body) })
	})
}

// pingPong is shared by two hand-written futures that hand a turn back and
// forth through each other's wakers.
type pingPong struct {
	n      int64
	count  atomic.Int64
	turn   atomic.Int32
	wakers [2]atomic.Pointer[Waker]
}

type pinger struct {
	pp *pingPong
	me int32
}

func (p *pinger) Poll(cx *Context) Poll[struct{}] {
	pp := p.pp
	if pp.wakers[p.me].Load() == nil {
		pp.wakers[p.me].Store(cx.Waker())
	}
	if pp.turn.Load() == p.me {
		if pp.count.Load() >= pp.n {
			pp.turn.Store(1 - p.me)
			if w := pp.wakers[1-p.me].Load(); w != nil {
				w.Wake()
			}
			return Ready(struct{}{})
		}
		pp.count.Add(1)
		pp.turn.Store(1 - p.me)
		if w := pp.wakers[1-p.me].Load(); w != nil {
			w.Wake()
		}
	}
	if pp.count.Load() >= pp.n && pp.turn.Load() == p.me {
		return Ready(struct{}{})
	}
	return Pending[struct{}]()
}

// BenchmarkPingPong: b.N hand-offs between two tasks (two goroutines for
// the baseline); one op is one hand-off.
func BenchmarkPingPong(b *testing.B) {
	b.Run("baseline=unbuffered-channel", func(b *testing.B) {
		ping, pong := make(chan struct{}), make(chan struct{})
		done := make(chan struct{})
		go func() {
			for range ping {
				pong <- struct{}{}
			}
			close(done)
		}()
		for i := 0; i < b.N; i += 2 {
			ping <- struct{}{}
			<-pong
		}
		close(ping)
		<-done
	})
	run := func(b *testing.B, opts ...Option) {
		rt := New(append(opts, quiet)...)
		defer rt.Close()
		pp := &pingPong{n: int64(b.N)}
		b.ResetTimer()
		BlockOn(rt, Async(func(co *Co) struct{} {
			h1 := Spawn(co, Future[struct{}](&pinger{pp: pp, me: 0}))
			h2 := Spawn(co, Future[struct{}](&pinger{pp: pp, me: 1}))
			h1.Join(co)
			h2.Join(co)
			return struct{}{}
		}))
	}
	b.Run("waker", func(b *testing.B) { run(b) })
	b.Run("waker/current-thread", func(b *testing.B) { run(b, CurrentThread()) })
}

// BenchmarkSleepingTasks: memory per sleeping task, 1M of them: tasks
// built from a hand-written future (Sleep) vs goroutines in time.Sleep.
func BenchmarkSleepingTasks(b *testing.B) {
	const n = 1 << 20
	const d = 3 * time.Second
	measure := func(b *testing.B, start func(), settled func() bool, stop func()) {
		for range b.N {
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			t0 := time.Now()
			start()
			for !settled() {
				time.Sleep(time.Millisecond)
			}
			spawn := time.Since(t0)
			runtime.GC()
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64((after.HeapAlloc+after.StackInuse)-(before.HeapAlloc+before.StackInuse))/n, "heap+stack-B/task")
			b.ReportMetric(float64((after.Sys-after.HeapIdle)-(before.Sys-before.HeapIdle))/n, "inuse-B/task")
			b.ReportMetric(float64(spawn.Nanoseconds())/n, "ns/spawn")
			stop()
		}
	}
	b.Run("baseline=goroutine+time.Sleep", func(b *testing.B) {
		var wg sync.WaitGroup
		var started atomic.Int64
		measure(b, func() {
			wg.Add(n)
			for range n {
				go func() {
					started.Add(1)
					time.Sleep(d)
					wg.Done()
				}()
			}
		}, func() bool { return started.Load() == n }, func() { wg.Wait(); started.Store(0) })
	})
	b.Run("task=Sleep", func(b *testing.B) {
		var rt *Runtime
		measure(b, func() {
			rt = New(quiet)
			for range n {
				Spawn(rt, Sleep(d))
			}
		}, func() bool { return rt.timers.len() == n }, func() { rt.Close() })
	})
	b.Run("task=Sleep/no-lost-waker-detector", func(b *testing.B) {
		var rt *Runtime
		measure(b, func() {
			rt = New(quiet, WithLostWakerDetection(false))
			for range n {
				Spawn(rt, Sleep(d))
			}
		}, func() bool { return rt.timers.len() == n }, func() { rt.Close() })
	})
}
