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

// spawnBatch is how many tasks are spawned before they are all joined. A
// fan-out of moderate size keeps the live heap small, so the benchmark
// measures spawning and joining rather than the collector scanning a
// million retained handles (the baseline retains nothing).
const spawnBatch = 1024

// BenchmarkSpawnJoin: spawn trivial tasks and join them, spawnBatch at a
// time; one op is one task.
func BenchmarkSpawnJoin(b *testing.B) {
	b.Run("baseline=go+WaitGroup", func(b *testing.B) {
		b.ReportAllocs()
		var wg sync.WaitGroup
		var sum atomic.Int64
		for done := 0; done < b.N; done += spawnBatch {
			k := min(spawnBatch, b.N-done)
			wg.Add(k)
			for range k {
				go func() {
					sum.Add(1)
					wg.Done()
				}()
			}
			wg.Wait()
		}
	})
	spawnJoin := func(b *testing.B, f func() Future[int], opts ...Option) {
		rt := New(append(opts, quiet)...)
		defer rt.Close()
		b.ReportAllocs()
		b.ResetTimer()
		BlockOn(rt, Async(func(co *Co) int {
			hs := make([]*JoinHandle[int], spawnBatch)
			sum := 0
			for done := 0; done < b.N; done += spawnBatch {
				k := min(spawnBatch, b.N-done)
				for i := range k {
					hs[i] = Spawn(co, f())
				}
				for _, h := range hs[:k] {
					v, _ := h.Join(co)
					sum += v
				}
			}
			return sum
		}))
		b.StopTimer()
		m := rt.Metrics()
		b.ReportMetric(float64(m.Polls)/float64(b.N), "polls/op")
		b.ReportMetric(float64(m.Parks)/float64(b.N), "parks/op")
	}
	b.Run("future", func(b *testing.B) {
		spawnJoin(b, func() Future[int] { return readyFuture{} })
	})
	b.Run("async", func(b *testing.B) {
		body := func(co *Co) int { return 1 }
		spawnJoin(b, func() Future[int] { return Async(body) })
	})
	b.Run("future/current-thread", func(b *testing.B) {
		spawnJoin(b, func() Future[int] { return readyFuture{} }, CurrentThread())
	})
	b.Run("async/current-thread", func(b *testing.B) {
		body := func(co *Co) int { return 1 }
		spawnJoin(b, func() Future[int] { return Async(body) }, CurrentThread())
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
	b.Run("async", func(b *testing.B) {
		rt := New(quiet)
		defer rt.Close()
		pp := &pingPong{n: int64(b.N)}
		player := func(me int32) Future[struct{}] {
			return Async(func(co *Co) struct{} {
				my := &turn{pp: pp, me: me} // stateless: awaited again and again
				for Await[bool](co, my) {
				}
				return struct{}{}
			})
		}
		b.ResetTimer()
		BlockOn(rt, Async(func(co *Co) struct{} {
			h1, h2 := Spawn(co, player(0)), Spawn(co, player(1))
			h1.Join(co)
			h2.Join(co)
			return struct{}{}
		}))
	})
}

// turn is ready when it is pp's turn of me: true to play on, false when the
// game is over. Playing hands the turn over and wakes the other side.
type turn struct {
	pp *pingPong
	me int32
}

func (t *turn) Poll(cx *Context) Poll[bool] {
	pp := t.pp
	if pp.wakers[t.me].Load() == nil {
		pp.wakers[t.me].Store(cx.Waker())
	}
	if pp.turn.Load() != t.me {
		if pp.count.Load() >= pp.n {
			return Ready(false)
		}
		return Pending[bool]()
	}
	more := pp.count.Add(1) <= pp.n
	pp.turn.Store(1 - t.me)
	if w := pp.wakers[1-t.me].Load(); w != nil {
		w.Wake()
	}
	return Ready(more)
}

// BenchmarkSleepingTasks: memory per sleeping task, 1M of them: tasks
// built from a hand-written future (Sleep) vs goroutines in time.Sleep.
// The goroutines sleep in 5s slices until told to stop (a goroutine in
// time.Sleep cannot be cancelled); the tasks sleep an hour and are
// cancelled by Close.
func BenchmarkSleepingTasks(b *testing.B) {
	const n = 1 << 20
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
		var done atomic.Bool
		measure(b, func() {
			done.Store(false)
			started.Store(0)
			wg.Add(n)
			for range n {
				go func() {
					started.Add(1)
					for !done.Load() {
						time.Sleep(5 * time.Second)
					}
					wg.Done()
				}()
			}
		}, func() bool { return started.Load() == n }, func() { done.Store(true); wg.Wait() })
	})
	tasks := func(b *testing.B, opts ...Option) {
		var rt *Runtime
		measure(b, func() {
			rt = New(append(opts, quiet)...)
			for range n {
				Spawn(rt, Sleep(time.Hour))
			}
		}, func() bool { return rt.timers.len() == n }, func() { rt.Close() })
	}
	b.Run("task=Sleep", func(b *testing.B) { tasks(b) })
	b.Run("task=Sleep/no-lost-waker-detector", func(b *testing.B) { tasks(b, WithLostWakerDetection(false)) })
}
