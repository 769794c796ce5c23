package asyncrt

import (
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// The timer driver: one 4-ary min-heap of deadlines per runtime, fired by
// the workers (every globalQueueInterval ticks and before parking) and by
// the one parked worker that sleeps until the next deadline. No goroutine
// or Go timer per asyncrt timer.
//
// Heap or wheel: BenchmarkTimerDriver (timer_test.go) inserts and removes
// timers at random deadlines, the pattern of Sleep and Timeout. A 4-ary
// heap (Go's own runtime uses one per P) costs O(log n) per operation but
// touches few cache lines for the sizes that occur; the measured numbers
// are in docs/performance.md.

const noTimer = math.MaxInt64

// timerEntry is one registered deadline. It lives inside the future that
// owns it (Sleep, Timeout, Interval), so registering allocates nothing.
type timerEntry struct {
	// All fields are guarded by the driver's lock.
	when  int64  // runtime-clock nanoseconds
	waker *Waker // woken when the deadline passes
	slot  int32  // position in the heap plus one; 0 when not registered
}

type timerDriver struct {
	mu   sync.Mutex
	heap []*timerEntry
	next atomic.Int64 // earliest deadline, or noTimer
	rt   *Runtime
}

func (d *timerDriver) init(rt *Runtime) {
	d.rt = rt
	d.next.Store(noTimer)
}

// register arms e for when (or updates its waker if armed). The entry's
// fields belong to the driver's lock while it is armed: other workers'
// heap operations read them.
func (d *timerDriver) register(e *timerEntry, when int64, w *Waker) {
	d.mu.Lock()
	e.waker = w
	if e.slot > 0 {
		d.mu.Unlock()
		return
	}
	e.when = when
	d.heap = append(d.heap, e)
	d.up(len(d.heap) - 1)
	earliest := d.heap[0] == e
	if earliest {
		d.next.Store(e.when)
	}
	d.mu.Unlock()
	if earliest {
		d.rt.timerArmed(e.when)
	}
}

// cancel disarms e if armed (fire may have disarmed it already).
func (d *timerDriver) cancel(e *timerEntry) {
	d.mu.Lock()
	if e.slot > 0 {
		d.removeAt(int(e.slot) - 1)
		d.publishNext()
	}
	e.waker = nil
	d.mu.Unlock()
}

func (d *timerDriver) len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.heap)
}

// fire wakes every timer due at now and returns how many it woke.
func (d *timerDriver) fire(now int64) int {
	var buf [32]*Waker
	fired := 0
	for {
		n := 0
		d.mu.Lock()
		for len(d.heap) > 0 && d.heap[0].when <= now && n < len(buf) {
			e := d.heap[0]
			d.removeAt(0)
			buf[n] = e.waker
			e.waker = nil
			n++
		}
		d.publishNext()
		more := len(d.heap) > 0 && d.heap[0].when <= now
		d.mu.Unlock()
		// Wake outside the lock: a wake may schedule, and a woken future
		// may re-register.
		for i := range n {
			buf[i].Wake()
			buf[i] = nil
		}
		fired += n
		if !more {
			return fired
		}
	}
}

// nextDeadline returns the earliest deadline, or false.
func (d *timerDriver) nextDeadline() (int64, bool) {
	n := d.next.Load()
	return n, n != noTimer
}

func (d *timerDriver) publishNext() {
	if len(d.heap) == 0 {
		d.next.Store(noTimer)
	} else {
		d.next.Store(d.heap[0].when)
	}
}

func (d *timerDriver) removeAt(i int) {
	h := d.heap
	last := len(h) - 1
	h[i].slot = 0
	if i != last {
		h[i] = h[last]
		h[i].slot = int32(i) + 1
	}
	h[last] = nil
	d.heap = h[:last]
	if i != last {
		d.down(i)
		d.up(i)
	}
}

func (d *timerDriver) up(i int) {
	h := d.heap
	e := h[i]
	for i > 0 {
		p := (i - 1) / 4
		if h[p].when <= e.when {
			break
		}
		h[i] = h[p]
		h[i].slot = int32(i) + 1
		i = p
	}
	h[i] = e
	e.slot = int32(i) + 1
}

func (d *timerDriver) down(i int) {
	h := d.heap
	n := len(h)
	e := h[i]
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		for k := c + 1; k < c+4 && k < n; k++ {
			if h[k].when < h[m].when {
				m = k
			}
		}
		if h[m].when >= e.when {
			break
		}
		h[i] = h[m]
		h[i].slot = int32(i) + 1
		i = m
	}
	h[i] = e
	e.slot = int32(i) + 1
}

// timerArmed is called when a new earliest deadline is registered: the
// worker sleeping for the previous one must re-arm, and if none sleeps for
// timers, a parked worker must take that job, or the deadline would only be
// noticed when a busy worker next checks.
func (rt *Runtime) timerArmed(when int64) {
	if rt.clock != nil {
		return
	}
	if owner := rt.idle.timerOwner.Load(); owner != nil {
		owner.unpark()
		return
	}
	if rt.idle.nParked.Load() > 0 {
		rt.idle.mu.Lock()
		var w *worker
		if n := len(rt.idle.parked); n > 0 {
			w = rt.idle.parked[n-1]
		}
		rt.idle.mu.Unlock()
		if w != nil {
			w.unpark()
		}
	}
}

// TestClock is a manually driven clock for deterministic timer tests
// (tokio::time::pause). Time stands still until Advance is called, or,
// with auto-advance on (the default), until every worker of its runtime is
// idle and no SpawnBlocking function runs: then it jumps to the next timer.
// A test of a 1-hour timeout takes microseconds.
type TestClock struct {
	start    time.Time
	offset   atomic.Int64 // nanoseconds since start
	auto     atomic.Bool
	attached atomic.Pointer[Runtime]
	mu       sync.Mutex // serializes advances
}

// NewTestClock returns a paused clock reading start, with auto-advance on.
func NewTestClock(start time.Time) *TestClock {
	c := &TestClock{start: start}
	c.auto.Store(true)
	return c
}

// Now returns the clock's time.
func (c *TestClock) Now() time.Time { return c.start.Add(time.Duration(c.offset.Load())) }

// Advance moves the clock forward by d, firing the timers that become due
// in deadline order. The woken tasks run afterwards, on the workers:
// Advance does not wait for them.
func (c *TestClock) Advance(d time.Duration) {
	if d < 0 {
		panic("asyncrt: TestClock.Advance with a negative duration")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	target := c.offset.Load() + int64(d)
	rt := c.attached.Load()
	if rt == nil {
		c.offset.Store(target)
		return
	}
	for {
		next, ok := rt.timers.nextDeadline()
		if !ok || next > target {
			break
		}
		if next > c.offset.Load() {
			c.offset.Store(next)
		}
		rt.timers.fire(next)
	}
	c.offset.Store(target)
}

// SetAutoAdvance turns auto-advance on or off.
func (c *TestClock) SetAutoAdvance(on bool) {
	c.auto.Store(on)
	if rt := c.attached.Load(); rt != nil && on {
		rt.notifyParked()
	}
}

// autoAdvance is called by a worker about to park: when every worker is
// parked and no blocking function runs, the paused clock jumps to the next
// deadline and fires it. It reports whether it fired anything.
func (rt *Runtime) autoAdvance() bool {
	c := rt.clock
	if !c.auto.Load() || int(rt.idle.nParked.Load()) != len(rt.workers) || rt.block.inflight.Load() != 0 {
		return false
	}
	if !c.mu.TryLock() {
		return false
	}
	defer c.mu.Unlock()
	next, ok := rt.timers.nextDeadline()
	if !ok {
		return false
	}
	if next > c.offset.Load() {
		c.offset.Store(next)
	}
	return rt.timers.fire(next) > 0
}
