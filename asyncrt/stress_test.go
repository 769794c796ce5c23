package asyncrt

import (
	"errors"
	"log/slog"
	"math/rand/v2"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// mapped adapts a Future[A] to a Future[int], forwarding Drop.
type mapped[A any] struct {
	f  Future[A]
	fn func(A) int
}

func (m *mapped[A]) Poll(cx *Context) Poll[int] {
	if v, ok := m.f.Poll(cx).Value(); ok {
		return Ready(m.fn(v))
	}
	return Pending[int]()
}

func (m *mapped[A]) Drop() { Drop(m.f) }

// TestStress runs 100k tasks of every kind on a runtime with more workers
// than cores, with goroutines waking tasks at random (and spuriously),
// aborting a tenth of them at random moments (so in every state: queued,
// idle, running, complete), and a share of them panicking. Every task must
// end with its own value, ErrAborted or its panic; every async body that
// started must have run its defers; the counters must add up; and Close
// must leave no goroutine behind.
func TestStress(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 20_000
	}
	base := runtime.NumGoroutine()
	rt := New(WithWorkers(4), WithLogger(slog.New(&logRecorder{})), WithLongPollThreshold(0))

	const kinds = 7
	gates := make([]*gate, n)
	var started, unwound atomic.Int64
	body := func(i int, f func(co *Co) int) Future[int] {
		return Async(func(co *Co) int {
			started.Add(1)
			defer unwound.Add(1)
			return f(co)
		})
	}
	mk := func(i int) Future[int] {
		switch i % kinds {
		case 0:
			return readyFuture{}
		case 1:
			return body(i, func(co *Co) int {
				for range i % 4 {
					Yield(co)
				}
				return 1
			})
		case 2:
			g := &gate{}
			gates[i] = g
			return body(i, func(co *Co) int { Await(co, g); return 1 })
		case 3:
			return body(i, func(co *Co) int {
				Await(co, Sleep(time.Duration(i%2000)*time.Microsecond))
				return 1
			})
		case 4:
			return body(i, func(co *Co) int {
				if i%2 == 0 {
					Yield(co)
				}
				panic(i)
			})
		case 5:
			return body(i, func(co *Co) int {
				v, err := Spawn[int](co, readyFuture{}).Join(co)
				if err != nil {
					return 0
				}
				return v
			})
		default:
			to := Timeout(time.Duration(i%500)*time.Microsecond, Sleep2Int(time.Duration(i%1000)*time.Microsecond))
			return &mapped[Result[int]]{f: to, fn: func(Result[int]) int { return 1 }}
		}
	}

	handles := make([]*JoinHandle[int], n)
	aborted := make([]atomic.Bool, n)
	for i := range handles {
		handles[i] = Spawn(rt, mk(i))
	}

	// Random wakers: open gates in random order, with spurious wakes of
	// the tasks waiting on them in between.
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 7))
			for i := w; i < n; i += 4 {
				g := gates[i]
				if g == nil {
					continue
				}
				g.mu.Lock()
				spurious := g.waker
				g.mu.Unlock()
				if spurious != nil && r.IntN(2) == 0 {
					spurious.Wake()
				}
				g.Open()
			}
		}()
	}
	// Random aborts, from the moment the tasks are spawned to after many
	// have finished.
	wg.Add(1)
	go func() {
		defer wg.Done()
		r := rand.New(rand.NewPCG(3, 9))
		for range n / 10 {
			i := r.IntN(n)
			aborted[i].Store(true)
			handles[i].Abort()
			if r.IntN(64) == 0 {
				runtime.Gosched()
			}
		}
	}()

	var results []Result[int]
	within(t, 60*time.Second, func() {
		results = BlockOn(rt, Async(func(co *Co) []Result[int] {
			out := make([]Result[int], len(handles))
			for i, h := range handles {
				out[i].Value, out[i].Err = h.Join(co)
			}
			return out
		}))
	})
	for i, r := range results {
		v, err := r.Get()
		switch {
		case err == nil:
			if v != 1 {
				t.Fatalf("task %d returned %d", i, v)
			}
		case errors.Is(err, ErrAborted):
			if !aborted[i].Load() {
				t.Fatalf("task %d aborted without Abort", i)
			}
		default:
			var pe *PanicError
			if !errors.As(err, &pe) || i%kinds != 4 || pe.Value != i {
				t.Fatalf("task %d: %v", i, err)
			}
		}
	}
	wg.Wait()
	if s, u := started.Load(), unwound.Load(); s != u {
		t.Fatalf("%d async bodies started, %d ran their defers", s, u)
	}
	eventually(t, 10*time.Second, "every task to be complete", func() bool { return rt.Metrics().TasksLive == 0 })
	// The task counters are published by each worker every 64 polls and
	// when it parks (see Metrics), so they settle a moment after the last
	// task leaves the registry.
	var m Metrics
	eventually(t, 10*time.Second, "the task counters to add up", func() bool {
		m = rt.Metrics()
		return m.TasksSpawned == m.TasksCompleted+m.TasksAborted+m.TasksPanicked
	})
	if m.TasksSpawned == 0 {
		t.Fatalf("no task counted as spawned: %+v", m)
	}
	if err := rt.Close(); err != nil {
		t.Fatal(err)
	}
	checkGoroutines(t, base)
}

// TestStressCloseWithLiveTasks closes a runtime while thousands of tasks
// are in every state; Close must cancel them all, unwind every started
// body and leak nothing.
func TestStressCloseWithLiveTasks(t *testing.T) {
	base := runtime.NumGoroutine()
	for round := range 5 {
		rt := New(WithWorkers(3), WithLogger(slog.New(&logRecorder{})), WithLongPollThreshold(0))
		var started, unwound atomic.Int64
		hs := make([]*JoinHandle[int], 0, 5000)
		for i := range 5000 {
			hs = append(hs, Spawn(rt, Async(func(co *Co) int {
				started.Add(1)
				defer unwound.Add(1)
				for k := range i % 5 {
					if k%2 == 0 {
						Yield(co)
					} else {
						Await(co, Sleep(time.Duration(i%3)*time.Millisecond))
					}
				}
				Spawn(co, Sleep2Int(time.Hour))
				Await(co, Sleep(time.Hour))
				return 1
			})))
		}
		time.Sleep(time.Duration(round) * time.Millisecond)
		within(t, 30*time.Second, func() {
			if err := rt.Close(); err != nil {
				t.Error(err)
			}
		})
		if s, u := started.Load(), unwound.Load(); s != u {
			t.Fatalf("round %d: %d bodies started, %d unwound", round, s, u)
		}
		for _, h := range hs {
			if !h.IsFinished() || !errors.Is(h.res.Err, ErrAborted) {
				t.Fatalf("round %d: task %+v", round, h.res)
			}
		}
	}
	checkGoroutines(t, base)
}
