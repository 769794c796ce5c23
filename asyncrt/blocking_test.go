package asyncrt

import (
	"sync/atomic"
	"testing"
	"time"
)

// A blocking function does not hold a worker: on a current-thread runtime,
// other tasks run while it blocks.
func TestSpawnBlockingRunsOffWorker(t *testing.T) {
	rt, _ := newTestRuntime(t, CurrentThread())
	release := make(chan struct{})
	within(t, 10*time.Second, func() {
		v := BlockOn(rt, Async(func(co *Co) int {
			h := SpawnBlocking(co, func() int { <-release; return 40 })
			// This task and others keep running meanwhile.
			other := Spawn(co, Async(func(co *Co) int { Await(co, Sleep(time.Millisecond)); return 2 }))
			x, _ := other.Join(co)
			close(release)
			y, err := h.Join(co)
			if err != nil {
				t.Error(err)
			}
			return x + y
		}))
		if v != 42 {
			t.Fatalf("got %d", v)
		}
	})
	if msg := mustPanic(t, func() { SpawnBlocking[int](rt, nil) }); msg == "" {
		t.Fatal("SpawnBlocking(nil)")
	}
	if msg := mustPanic(t, func() { SpawnBlocking[int](nil, func() int { return 0 }) }); msg == "" {
		t.Fatal("SpawnBlocking with a nil spawner")
	}
}

func TestBlockingPoolIsBounded(t *testing.T) {
	rt, _ := newTestRuntime(t, WithBlockingThreads(2))
	var running, peak atomic.Int32
	hs := make([]*JoinHandle[int], 8)
	for i := range hs {
		hs[i] = SpawnBlocking(rt, func() int {
			n := running.Add(1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(5 * time.Millisecond)
			running.Add(-1)
			return i
		})
	}
	for i, h := range hs {
		if v, err := joinFromOutside(t, rt, h); v != i || err != nil {
			t.Fatalf("task %d: %v, %v", i, v, err)
		}
	}
	if p := peak.Load(); p != 2 {
		t.Fatalf("peak concurrency %d, want 2", p)
	}
	if m := rt.Metrics(); m.BlockingThreads > 2 {
		t.Fatalf("%d blocking threads", m.BlockingThreads)
	}
}

// Idle blocking threads end after their keep-alive.
func TestBlockingThreadsExitWhenIdle(t *testing.T) {
	rt, _ := newTestRuntime(t)
	rt.cfg.blockingIdle = 10 * time.Millisecond // before any thread starts
	for range 3 {
		joinFromOutside(t, rt, SpawnBlocking(rt, func() int { time.Sleep(time.Millisecond); return 0 }))
	}
	eventually(t, 5*time.Second, "idle blocking threads to exit", func() bool {
		return rt.Metrics().BlockingThreads == 0
	})
}
