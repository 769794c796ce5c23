package asyncrt

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// probe is a hand-driven poller: a Context whose waker counts its wakes,
// so tests can put a waiter in an exact state (queued, woken but not yet
// polled) and check who was woken.
type probe struct {
	cx    *Context
	wakes atomic.Int32
}

func newProbe() *probe {
	p := &probe{}
	p.cx = NewContext(NewWaker(func() { p.wakes.Add(1) }))
	return p
}

func (p *probe) woken() bool { return p.wakes.Load() > 0 }

func mustPending[T any](t *testing.T, what string, p Poll[T]) {
	t.Helper()
	if p.IsReady() {
		t.Fatalf("%s: ready, want pending", what)
	}
}

func mustReady[T any](t *testing.T, what string, p Poll[T]) T {
	t.Helper()
	v, ok := p.Value()
	if !ok {
		t.Fatalf("%s: pending, want ready", what)
	}
	return v
}

// --- Mutex ---

// TestMutexHeldAcrossAwait is the lockawait fix at work: on one worker, a
// task holds the lock across an await while another task waits for it;
// with a sync.Mutex this deadlocks (TestPitfallMutexAcrossAwaitDeadlocks).
func TestMutexHeldAcrossAwait(t *testing.T) {
	rt, _ := newTestRuntime(t, CurrentThread())
	var mu Mutex
	var order []string
	within(t, 5*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) int {
			mu.Lock(co)
			h := Spawn(co, Async(func(co *Co) int {
				mu.Lock(co) // suspends: the worker runs the holder meanwhile
				order = append(order, "second")
				mu.Unlock()
				return 0
			}))
			Await(co, Sleep(5*time.Millisecond)) // guard held across the await
			order = append(order, "first")
			mu.Unlock()
			h.Join(co)
			return 0
		}))
	})
	if len(order) != 2 || order[0] != "first" || order[1] != "second" {
		t.Fatalf("order = %v", order)
	}
}

// TestMutexExclusion: many tasks on several workers do a read-await-write
// under the lock; no update is lost.
func TestMutexExclusion(t *testing.T) {
	rt, _ := newTestRuntime(t, WithWorkers(4))
	var mu Mutex
	counter, inside := 0, atomic.Int32{}
	const tasks, rounds = 50, 20
	within(t, 10*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) int {
			js := NewJoinSet[int](co)
			for range tasks {
				js.Spawn(Async(func(co *Co) int {
					for range rounds {
						mu.Lock(co)
						if inside.Add(1) != 1 {
							panic("two tasks inside the lock")
						}
						v := counter
						Yield(co)
						counter = v + 1
						inside.Add(-1)
						mu.Unlock()
					}
					return 0
				}))
			}
			for {
				if _, err, ok := js.JoinNext(co); !ok {
					break
				} else if err != nil {
					t.Error(err)
				}
			}
			return 0
		}))
	})
	if counter != tasks*rounds {
		t.Fatalf("counter = %d, want %d", counter, tasks*rounds)
	}
}

// TestMutexFIFO: Unlock hands the lock to the first waiter, and a newcomer
// cannot overtake queued waiters (no barging).
func TestMutexFIFO(t *testing.T) {
	var mu Mutex
	if !mu.TryLock() {
		t.Fatal("TryLock of a zero Mutex failed")
	}
	ps := []*probe{newProbe(), newProbe(), newProbe()}
	fs := make([]Future[struct{}], 3)
	for i := range fs {
		fs[i] = mu.LockFuture()
		mustPending(t, "waiter", fs[i].Poll(ps[i].cx))
	}
	for i := range 3 {
		mu.Unlock()
		if mu.TryLock() {
			t.Fatalf("round %d: TryLock overtook the queued waiters", i)
		}
		for j := range 3 {
			if want := j <= i; ps[j].woken() != want {
				t.Fatalf("round %d: waiter %d woken = %v, want %v", i, j, ps[j].woken(), want)
			}
		}
		mustReady(t, "woken waiter", fs[i].Poll(ps[i].cx))
		if i+1 < 3 {
			mustPending(t, "next waiter", fs[i+1].Poll(ps[i+1].cx))
		}
	}
	mu.Unlock()
	if !mu.TryLock() {
		t.Fatal("lock not free after the last Unlock")
	}
	mu.Unlock()
}

// TestMutexCancelQueued: a waiter dropped while queued leaves the queue.
func TestMutexCancelQueued(t *testing.T) {
	var mu Mutex
	mu.TryLock()
	p1, p2 := newProbe(), newProbe()
	f1, f2 := mu.LockFuture(), mu.LockFuture()
	mustPending(t, "f1", f1.Poll(p1.cx))
	mustPending(t, "f2", f2.Poll(p2.cx))
	Drop(f1)
	mu.Unlock()
	if p1.woken() || !p2.woken() {
		t.Fatalf("woken: dropped=%v next=%v", p1.woken(), p2.woken())
	}
	mustReady(t, "f2", f2.Poll(p2.cx))
	mu.Unlock()
}

// TestMutexCancelWhileWoken: a waiter dropped after Unlock handed it the
// lock, before it was polled, passes the lock to the next waiter; with no
// next waiter the lock becomes free. No wakeup is lost.
func TestMutexCancelWhileWoken(t *testing.T) {
	var mu Mutex
	mu.TryLock()
	p1, p2 := newProbe(), newProbe()
	f1, f2 := mu.LockFuture(), mu.LockFuture()
	mustPending(t, "f1", f1.Poll(p1.cx))
	mustPending(t, "f2", f2.Poll(p2.cx))
	mu.Unlock() // hands the lock to f1
	if !p1.woken() || p2.woken() {
		t.Fatal("Unlock did not wake exactly the first waiter")
	}
	Drop(f1) // cancelled while being woken
	if !p2.woken() {
		t.Fatal("the lock handed to a cancelled waiter was not passed on")
	}
	mustReady(t, "f2", f2.Poll(p2.cx))
	f3 := mu.LockFuture()
	p3 := newProbe()
	mustPending(t, "f3", f3.Poll(p3.cx))
	mu.Unlock()
	Drop(f3)
	if !mu.TryLock() {
		t.Fatal("lock lost: not free after its only waiter was dropped while woken")
	}
	// Dropping a future that completed keeps the lock: it is the caller's.
	mu.Unlock()
	f4 := mu.LockFuture()
	mustReady(t, "f4", f4.Poll(newProbe().cx))
	Drop(f4)
	if mu.TryLock() {
		t.Fatal("dropping a completed LockFuture released the lock")
	}
	mu.Unlock()
}

func TestMutexUnlockUnlockedPanics(t *testing.T) {
	var mu Mutex
	if msg := mustPanic(t, mu.Unlock); msg != "asyncrt: Unlock of unlocked Mutex" {
		t.Fatalf("panic %q", msg)
	}
	var rw RWMutex
	mustPanic(t, rw.Unlock)
	mustPanic(t, rw.RUnlock)
}

// TestMutexAbortedWaiter: a task aborted while waiting in Lock (on a
// runtime) leaves the queue; the lock still reaches the next task.
func TestMutexAbortedWaiter(t *testing.T) {
	rt, _ := newTestRuntime(t, WithWorkers(2))
	var mu Mutex
	within(t, 5*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) int {
			mu.Lock(co)
			var unwound atomic.Bool
			victim := Spawn(co, Async(func(co *Co) int {
				defer unwound.Store(true)
				mu.Lock(co)
				mu.Unlock()
				return 1
			}))
			next := Spawn(co, Async(func(co *Co) int {
				Await(co, Sleep(time.Millisecond)) // queue behind the victim
				mu.Lock(co)
				mu.Unlock()
				return 2
			}))
			Await(co, Sleep(5*time.Millisecond))
			victim.Abort()
			if _, err := victim.Join(co); err != ErrAborted || !unwound.Load() {
				t.Errorf("victim: err=%v unwound=%v", err, unwound.Load())
			}
			mu.Unlock()
			if v, err := next.Join(co); v != 2 || err != nil {
				t.Errorf("next: %v %v", v, err)
			}
			return 0
		}))
	})
}

// TestMutexLockTimeout: LockFuture composes with Timeout; a timed-out wait
// leaves the lock to others.
func TestMutexLockTimeout(t *testing.T) {
	rt, _ := newTestRuntime(t, WithPausedClock())
	var mu Mutex
	BlockOn(rt, Async(func(co *Co) int {
		mu.Lock(co)
		if r := Await(co, Timeout(time.Second, mu.LockFuture())); r.Err != ErrTimeout {
			t.Errorf("Timeout(LockFuture) = %v, want ErrTimeout", r.Err)
		}
		mu.Unlock()
		if r := Await(co, Timeout(time.Second, mu.LockFuture())); r.Err != nil {
			t.Errorf("free lock: %v", r.Err)
		}
		mu.Unlock()
		return 0
	}))
}

// --- RWMutex ---

func TestRWMutex(t *testing.T) {
	var rw RWMutex
	if !rw.TryRLock() || !rw.TryRLock() {
		t.Fatal("two readers cannot share")
	}
	if rw.TryLock() {
		t.Fatal("writer got in with readers")
	}
	pw, pr := newProbe(), newProbe()
	w := rw.LockFuture()
	mustPending(t, "writer", w.Poll(pw.cx))
	// Fairness: a reader arriving after a waiting writer waits too.
	if rw.TryRLock() {
		t.Fatal("a new reader overtook the waiting writer")
	}
	r := rw.RLockFuture()
	mustPending(t, "late reader", r.Poll(pr.cx))
	rw.RUnlock()
	mustPending(t, "writer with one reader left", w.Poll(pw.cx))
	rw.RUnlock()
	mustReady(t, "writer", w.Poll(pw.cx))
	mustPending(t, "reader while writing", r.Poll(pr.cx))
	rw.Unlock()
	mustReady(t, "reader", r.Poll(pr.cx))
	rw.RUnlock()
	if !rw.TryLock() {
		t.Fatal("not free at the end")
	}
	rw.Unlock()
}

// TestRWMutexCancelWriter: a writer dropped after collecting part of the
// read permits gives them back, so the readers queued behind it proceed.
func TestRWMutexCancelWriter(t *testing.T) {
	var rw RWMutex
	rw.TryRLock()
	rw.TryRLock()
	pw, pr := newProbe(), newProbe()
	w := rw.LockFuture()
	mustPending(t, "writer", w.Poll(pw.cx))
	r := rw.RLockFuture()
	mustPending(t, "reader", r.Poll(pr.cx))
	rw.RUnlock() // the writer collects one permit
	Drop(w)
	if !pr.woken() {
		t.Fatal("reader behind a cancelled writer not woken")
	}
	mustReady(t, "reader", r.Poll(pr.cx))
	rw.RUnlock()
	rw.RUnlock()
	if !rw.TryLock() {
		t.Fatal("permits lost")
	}
}

func TestRWMutexConcurrent(t *testing.T) {
	rt, _ := newTestRuntime(t, WithWorkers(4))
	var rw RWMutex
	var readers, writers atomic.Int32
	var maxReaders atomic.Int32
	data := 0
	within(t, 10*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) int {
			var hs []*JoinHandle[int]
			for i := range 40 {
				hs = append(hs, Spawn(co, Async(func(co *Co) int {
					for range 10 {
						if i%5 == 0 {
							rw.Lock(co)
							if writers.Add(1) != 1 || readers.Load() != 0 {
								panic("writer not exclusive")
							}
							Yield(co)
							data++
							writers.Add(-1)
							rw.Unlock()
						} else {
							rw.RLock(co)
							n := readers.Add(1)
							if writers.Load() != 0 {
								panic("reader with a writer")
							}
							if n > maxReaders.Load() {
								maxReaders.Store(n)
							}
							Yield(co)
							readers.Add(-1)
							rw.RUnlock()
						}
					}
					return 0
				})))
			}
			for _, h := range hs {
				if _, err := h.Join(co); err != nil {
					t.Error(err)
				}
			}
			return 0
		}))
	})
	if data != 8*10 {
		t.Fatalf("data = %d", data)
	}
	if maxReaders.Load() < 2 {
		t.Logf("readers never overlapped (max %d)", maxReaders.Load())
	}
}

// --- Semaphore ---

func TestSemaphoreBatchFIFO(t *testing.T) {
	s := NewSemaphore(3)
	if !s.TryAcquire(3) || s.TryAcquire(1) {
		t.Fatal("TryAcquire")
	}
	pBig, pSmall := newProbe(), newProbe()
	big := s.AcquireFuture(2)
	mustPending(t, "big", big.Poll(pBig.cx))
	small := s.AcquireFuture(1)
	mustPending(t, "small", small.Poll(pSmall.cx))
	s.Release(1) // goes to big (first), which needs one more
	if pBig.woken() || pSmall.woken() {
		t.Fatal("woken before big's request is complete")
	}
	if s.Available() != 0 {
		t.Fatalf("Available = %d while waiters are queued", s.Available())
	}
	s.Release(1)
	if !pBig.woken() || pSmall.woken() {
		t.Fatal("big not served first")
	}
	if err := mustReady(t, "big", big.Poll(pBig.cx)); err != nil {
		t.Fatal(err)
	}
	s.Release(1)
	if err := mustReady(t, "small", small.Poll(pSmall.cx)); err != nil {
		t.Fatal(err)
	}
	s.Release(3)
	if s.Available() != 3 {
		t.Fatalf("Available = %d, want 3", s.Available())
	}
}

// TestSemaphoreCancelPartial: a waiter cancelled after collecting some of
// its permits hands them to the next waiter.
func TestSemaphoreCancelPartial(t *testing.T) {
	s := NewSemaphore(0)
	p1, p2 := newProbe(), newProbe()
	f1, f2 := s.AcquireFuture(3), s.AcquireFuture(2)
	mustPending(t, "f1", f1.Poll(p1.cx))
	mustPending(t, "f2", f2.Poll(p2.cx))
	s.Release(2) // both to f1
	Drop(f1)
	if !p2.woken() {
		t.Fatal("permits of the cancelled waiter not passed on")
	}
	mustReady(t, "f2", f2.Poll(p2.cx))
	// Dropped with no one behind: the permits are stored.
	f3 := s.AcquireFuture(3)
	mustPending(t, "f3", f3.Poll(newProbe().cx))
	s.Release(2)
	Drop(f3)
	if s.Available() != 2 {
		t.Fatalf("Available = %d, want 2", s.Available())
	}
}

func TestSemaphoreClose(t *testing.T) {
	s := NewSemaphore(1)
	s.TryAcquire(1)
	p := newProbe()
	f := s.AcquireFuture(1)
	mustPending(t, "f", f.Poll(p.cx))
	s.Close()
	if !p.woken() {
		t.Fatal("Close did not wake the waiter")
	}
	if err := mustReady(t, "f", f.Poll(p.cx)); err != ErrSemaphoreClosed {
		t.Fatalf("err = %v", err)
	}
	if s.TryAcquire(0) || !s.IsClosed() {
		t.Fatal("TryAcquire after Close")
	}
	if err := mustReady(t, "late", s.AcquireFuture(1).Poll(p.cx)); err != ErrSemaphoreClosed {
		t.Fatalf("late err = %v", err)
	}
	s.Release(1) // permits held may still be released
}

// TestSemaphoreLimitsConcurrency: a fan-out limited by a semaphore never
// runs more than n at once, with random aborts of waiting tasks.
func TestSemaphoreLimitsConcurrency(t *testing.T) {
	rt, _ := newTestRuntime(t, WithWorkers(4))
	s := NewSemaphore(3)
	var running, peak, done atomic.Int32
	within(t, 10*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) int {
			var hs []*JoinHandle[int]
			for range 100 {
				hs = append(hs, Spawn(co, Async(func(co *Co) int {
					if err := s.Acquire(co, 1); err != nil {
						panic(err)
					}
					defer s.Release(1)
					n := running.Add(1)
					// An abort drops the task at Yield and unwinds its
					// defers: the count must fall before the permit is
					// released, or the next holder sees a stale count.
					defer running.Add(-1)
					for {
						p := peak.Load()
						if n <= p || peak.CompareAndSwap(p, n) {
							break
						}
					}
					Yield(co)
					done.Add(1)
					return 0
				})))
			}
			for i, h := range hs {
				if i%7 == 3 {
					h.Abort()
				}
			}
			for _, h := range hs {
				h.Join(co)
			}
			return 0
		}))
	})
	if peak.Load() > 3 || peak.Load() < 1 {
		t.Fatalf("peak concurrency %d, limit 3", peak.Load())
	}
	if s.Available() != 3 {
		t.Fatalf("permits leaked: %d available, want 3", s.Available())
	}
}

// --- Notify ---

func TestNotifyPermit(t *testing.T) {
	var n Notify
	n.NotifyOne()
	n.NotifyOne() // at most one permit
	p := newProbe()
	mustReady(t, "first", n.Notified().Poll(p.cx))
	mustPending(t, "second", n.Notified().Poll(p.cx))
}

func TestNotifyOneFIFO(t *testing.T) {
	var n Notify
	ps := []*probe{newProbe(), newProbe(), newProbe()}
	fs := make([]Future[struct{}], 3)
	for i := range fs {
		fs[i] = n.Notified()
		mustPending(t, "waiter", fs[i].Poll(ps[i].cx))
	}
	n.NotifyOne()
	if !ps[0].woken() || ps[1].woken() {
		t.Fatal("NotifyOne did not wake the longest waiter only")
	}
	mustReady(t, "0", fs[0].Poll(ps[0].cx))
	mustPending(t, "1", fs[1].Poll(ps[1].cx))
	n.NotifyWaiters()
	mustReady(t, "1", fs[1].Poll(ps[1].cx))
	mustReady(t, "2", fs[2].Poll(ps[2].cx))
	// NotifyWaiters stores no permit...
	mustPending(t, "after NotifyWaiters", n.Notified().Poll(newProbe().cx))
}

// TestNotifyWaitersBeforePoll: a Notified created before NotifyWaiters
// completes even if it was not polled yet (the check-then-wait pattern).
func TestNotifyWaitersBeforePoll(t *testing.T) {
	var n Notify
	f := n.Notified()
	n.NotifyWaiters()
	mustReady(t, "created before", f.Poll(newProbe().cx))
}

// TestNotifyCancelWhileNotified: NotifyOne picked a waiter that is then
// dropped before observing it: the notification goes to the next waiter,
// or back to the permit.
func TestNotifyCancelWhileNotified(t *testing.T) {
	var n Notify
	p1, p2 := newProbe(), newProbe()
	f1, f2 := n.Notified(), n.Notified()
	mustPending(t, "f1", f1.Poll(p1.cx))
	mustPending(t, "f2", f2.Poll(p2.cx))
	n.NotifyOne()
	Drop(f1)
	if !p2.woken() {
		t.Fatal("notification lost with the cancelled waiter")
	}
	mustReady(t, "f2", f2.Poll(p2.cx))

	f3 := n.Notified()
	mustPending(t, "f3", f3.Poll(newProbe().cx))
	n.NotifyOne()
	Drop(f3)
	mustReady(t, "permit from the dropped waiter", n.Notified().Poll(newProbe().cx))

	// A waiter dropped while queued takes nothing.
	f4 := n.Notified()
	mustPending(t, "f4", f4.Poll(newProbe().cx))
	Drop(f4)
	n.NotifyOne()
	mustReady(t, "permit", n.Notified().Poll(newProbe().cx))
}

// TestNotifyTasks: a producer/consumer pair on a runtime with the
// check-then-wait pattern.
func TestNotifyTasks(t *testing.T) {
	rt, _ := newTestRuntime(t, WithWorkers(2))
	var n Notify
	var mu sync.Mutex
	queue := []int{}
	within(t, 5*time.Second, func() {
		got := BlockOn(rt, Async(func(co *Co) int {
			cons := Spawn(co, Async(func(co *Co) int {
				sum := 0
				for seen := 0; seen < 100; {
					f := n.Notified()
					mu.Lock()
					q := queue
					queue = nil
					mu.Unlock()
					if len(q) == 0 {
						Await(co, f)
						continue
					}
					Drop(f)
					for _, v := range q {
						sum += v
					}
					seen += len(q)
				}
				return sum
			}))
			for i := range 100 {
				mu.Lock()
				queue = append(queue, i)
				mu.Unlock()
				n.NotifyOne()
				if i%10 == 0 {
					Yield(co)
				}
			}
			v, _ := cons.Join(co)
			return v
		}))
		if got != 4950 {
			t.Errorf("sum = %d", got)
		}
	})
}

// --- Barrier ---

func TestBarrier(t *testing.T) {
	rt, _ := newTestRuntime(t, WithWorkers(2))
	b := NewBarrier(5)
	var leaders, passed atomic.Int32
	within(t, 5*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) int {
			var hs []*JoinHandle[int]
			for range 10 { // two rounds of five
				hs = append(hs, Spawn(co, Async(func(co *Co) int {
					if b.Wait(co) {
						leaders.Add(1)
					}
					passed.Add(1)
					return 0
				})))
			}
			for _, h := range hs {
				h.Join(co)
			}
			return 0
		}))
	})
	if leaders.Load() != 2 || passed.Load() != 10 {
		t.Fatalf("leaders=%d passed=%d", leaders.Load(), passed.Load())
	}
}

// TestBarrierCancelWithdraws: a waiter dropped before its round completes
// no longer counts.
func TestBarrierCancelWithdraws(t *testing.T) {
	b := NewBarrier(2)
	p1 := newProbe()
	f1 := b.WaitFuture()
	mustPending(t, "f1", f1.Poll(p1.cx))
	Drop(f1)
	p2, p3 := newProbe(), newProbe()
	f2 := b.WaitFuture()
	mustPending(t, "f2: the dropped arrival does not count", f2.Poll(p2.cx))
	if leader := mustReady(t, "f3", b.WaitFuture().Poll(p3.cx)); !leader {
		t.Fatal("last arrival is not the leader")
	}
	if leader := mustReady(t, "f2", f2.Poll(p2.cx)); leader {
		t.Fatal("two leaders")
	}
}

// --- OnceCell ---

func TestOnceCellInitOnce(t *testing.T) {
	rt, _ := newTestRuntime(t, WithWorkers(4))
	var cell OnceCell[int]
	var inits atomic.Int32
	within(t, 5*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) int {
			var hs []*JoinHandle[int]
			for range 20 {
				hs = append(hs, Spawn(co, Async(func(co *Co) int {
					return cell.GetOrInit(co, func(co *Co) int {
						inits.Add(1)
						Await(co, Sleep(2*time.Millisecond))
						return 42
					})
				})))
			}
			for _, h := range hs {
				if v, err := h.Join(co); v != 42 || err != nil {
					t.Errorf("got %d %v", v, err)
				}
			}
			return 0
		}))
	})
	if inits.Load() != 1 {
		t.Fatalf("initializer ran %d times", inits.Load())
	}
	if v, ok := cell.Get(); !ok || v != 42 || cell.Set(1) {
		t.Fatal("Get/Set after init")
	}
}

// TestOnceCellRetry: a failed, panicking or aborted initializer leaves the
// cell empty and the next waiter initializes.
func TestOnceCellRetry(t *testing.T) {
	rt, _ := newTestRuntime(t, WithWorkers(2))
	var cell OnceCell[string]
	errBoom := errors.New("boom")
	within(t, 5*time.Second, func() {
		BlockOn(rt, Async(func(co *Co) int {
			if _, err := cell.GetOrTryInit(co, func(co *Co) (string, error) { return "", errBoom }); err != errBoom {
				t.Errorf("err = %v", err)
			}
			h := Spawn(co, Async(func(co *Co) string {
				return cell.GetOrInit(co, func(co *Co) string { panic("init panics") })
			}))
			if _, err := h.Join(co); err == nil {
				t.Error("panicking init: no error")
			}
			var started atomic.Bool
			stuck := Spawn(co, Async(func(co *Co) string {
				return cell.GetOrInit(co, func(co *Co) string {
					started.Store(true)
					Await(co, Sleep(time.Hour))
					return "never"
				})
			}))
			for !started.Load() {
				Await(co, Sleep(time.Millisecond))
			}
			waiter := Spawn(co, Async(func(co *Co) string {
				return cell.GetOrInit(co, func(co *Co) string { return "second" })
			}))
			Await(co, Sleep(2*time.Millisecond)) // the waiter queues for the permit
			if waiter.IsFinished() {
				t.Error("waiter did not wait for the running initializer")
			}
			stuck.Abort()
			if v, err := waiter.Join(co); v != "second" || err != nil {
				t.Errorf("waiter: %q %v", v, err)
			}
			return 0
		}))
	})
	if v, _ := cell.Get(); v != "second" {
		t.Fatalf("cell = %q", v)
	}
}

func TestOnceCellFuture(t *testing.T) {
	var cell OnceCell[int]
	p := newProbe()
	var g gate
	f1 := cell.GetOrInitFuture(func() Future[int] { return Map[struct{}, int](&g, func(struct{}) int { return 7 }) })
	mustPending(t, "f1", f1.Poll(p.cx))
	calls := 0
	f2 := cell.GetOrInitFuture(func() Future[int] { calls++; return ReadyFuture(8) })
	p2 := newProbe()
	mustPending(t, "f2 waits for f1's init", f2.Poll(p2.cx))
	Drop(f1) // abandoned initialization: f2 takes over
	if !p2.woken() {
		t.Fatal("f2 not woken")
	}
	if v := mustReady(t, "f2", f2.Poll(p2.cx)); v != 8 || calls != 1 {
		t.Fatalf("f2 = %d, calls %d", v, calls)
	}
	if !cell.Initialized() || mustReady(t, "f3", cell.GetOrInitFuture(nil).Poll(p.cx)) != 8 {
		t.Fatal("cell not set")
	}
}
