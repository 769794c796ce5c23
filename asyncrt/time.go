package asyncrt

import (
	"sync"
	"time"
)

// Sleep returns a future that completes d after it is first polled, on the
// runtime's clock (a TestClock when the runtime has one). Like every
// future it is lazy: the countdown starts at the first poll, not at the
// call. Polled by a custom executor (a Context from NewContext), it falls
// back to a Go timer.
//
// Use Sleep, not time.Sleep, in an async function: time.Sleep blocks the
// worker and every task queued behind it (TestPitfallBlockingSleepStarvesCurrentThread).
func Sleep(d time.Duration) Future[struct{}] { return &sleepFuture{d: d} }

type sleepFuture struct {
	d        time.Duration
	deadline int64 // runtime clock; set at the first poll
	started  bool
	done     bool
	armed    bool // registered with the driver at least once since the last cancel
	rt       *Runtime
	entry    timerEntry
	fallback *fallbackTimer
}

func (s *sleepFuture) Poll(cx *Context) Poll[struct{}] {
	if s.done {
		return Ready(struct{}{})
	}
	rt := cx.rt
	if rt == nil {
		if s.fallback == nil {
			s.fallback = newFallbackTimer(s.d)
		}
		if s.fallback.poll(cx.Waker()) {
			s.done = true
			return Ready(struct{}{})
		}
		return Pending[struct{}]()
	}
	now := rt.now()
	if !s.started {
		s.started = true
		s.rt = rt
		s.deadline = now + int64(s.d)
	}
	if now >= s.deadline {
		s.complete()
		return Ready(struct{}{})
	}
	rt.timers.register(&s.entry, s.deadline, cx.Waker())
	s.armed = true
	return Pending[struct{}]()
}

func (s *sleepFuture) complete() {
	s.done = true
	if s.armed {
		s.armed = false
		s.rt.timers.cancel(&s.entry)
	}
}

// Drop disarms the timer of a sleep abandoned before it completed.
func (s *sleepFuture) Drop() {
	if s.done {
		return
	}
	s.complete()
	if s.fallback != nil {
		s.fallback.stop()
	}
}

// fallbackTimer drives Sleep outside a runtime, with one Go timer.
type fallbackTimer struct {
	mu    sync.Mutex
	fired bool
	waker *Waker
	timer *time.Timer
}

func newFallbackTimer(d time.Duration) *fallbackTimer {
	f := &fallbackTimer{}
	f.timer = time.AfterFunc(d, func() {
		f.mu.Lock()
		f.fired = true
		w := f.waker
		f.mu.Unlock()
		if w != nil {
			w.Wake()
		}
	})
	return f
}

func (f *fallbackTimer) poll(w *Waker) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.waker = w
	return f.fired
}

func (f *fallbackTimer) stop() { f.timer.Stop() }

// Timeout returns a future that runs f with a deadline d after its first
// poll: it is ready with f's value, or with Err == ErrTimeout when the
// deadline comes first, in which case f is dropped (an async function
// unwinds, its defers run). f is polled first, so a ready f wins even at the
// deadline.
func Timeout[T any](d time.Duration, f Future[T]) Future[Result[T]] {
	if f == nil {
		panic("asyncrt: Timeout called with a nil Future")
	}
	return &timeoutFuture[T]{raced: raced[T]{f: f}, sleep: sleepFuture{d: d}}
}

type timeoutFuture[T any] struct {
	raced[T]
	sleep sleepFuture
}

func (t *timeoutFuture[T]) Poll(cx *Context) Poll[Result[T]] {
	return t.poll(cx, &t.sleep, ErrTimeout, "Timeout")
}

// Drop drops the inner future and disarms the deadline.
func (t *timeoutFuture[T]) Drop() { t.dropWith(dropCx()) }

func (t *timeoutFuture[T]) dropWith(cx *Context) { t.drop(cx, &t.sleep) }

// raced is what Timeout and WithCancel share: an inner future raced against
// a guard (a deadline, a cancellation). f is polled first, so a ready f wins
// even when the guard is ready too; when the guard wins, f is dropped (an
// async function unwinds, its defers run) and the result carries the
// guard's error.
type raced[T any] struct {
	f    Future[T]
	done bool
}

// guard is what a raced future is raced against. Its methods take pointer
// receivers, so passing &field converts to the interface without an
// allocation.
type guard interface {
	Poll(cx *Context) Poll[struct{}]
	Drop()
}

func (r *raced[T]) poll(cx *Context, g guard, err error, what string) Poll[Result[T]] {
	if r.done {
		panic("asyncrt: " + what + " future polled after it completed")
	}
	if p := r.f.Poll(cx); p.ready {
		r.done = true
		r.f = nil
		g.Drop()
		return Ready(Result[T]{Value: p.value})
	}
	if g.Poll(cx).ready {
		r.done = true
		f := r.f
		r.f = nil
		dropFuture(f, cx)
		return Ready(Result[T]{Err: err})
	}
	return Pending[Result[T]]()
}

// drop drops the inner future and the guard, once.
func (r *raced[T]) drop(cx *Context, g guard) {
	if r.done {
		return
	}
	r.done = true
	f := r.f
	r.f = nil
	g.Drop()
	dropFuture(f, cx)
}

// Interval yields ticks every period on the runtime's clock: the first
// tick completes immediately (at the first poll), then one every period
// after it. Ticks missed while the task was busy are delivered at once, one
// per poll, to catch up (Tokio's default MissedTickBehavior::Burst).
type Interval struct {
	period  time.Duration
	next    int64 // runtime clock of the next tick
	started bool
	armed   bool
	rt      *Runtime
	entry   timerEntry
	tick    intervalTick
	fbNext  time.Time
	fb      *fallbackTimer
}

// NewInterval returns an interval ticking every d. It panics if d <= 0.
func NewInterval(d time.Duration) *Interval {
	if d <= 0 {
		panic("asyncrt: NewInterval with a non-positive period")
	}
	iv := &Interval{period: d}
	iv.tick.iv = iv
	return iv
}

// Tick returns a future of the next tick's time. Await it in a loop:
//
//	for { t := asyncrt.Await(co, iv.Tick()); ... }
func (iv *Interval) Tick() Future[time.Time] { return &iv.tick }

// Period returns the interval's period.
func (iv *Interval) Period() time.Duration { return iv.period }

type intervalTick struct{ iv *Interval }

func (t *intervalTick) Poll(cx *Context) Poll[time.Time] {
	iv := t.iv
	rt := cx.rt
	if rt == nil {
		return iv.pollFallback(cx)
	}
	now := rt.now()
	if !iv.started {
		iv.started, iv.rt, iv.next = true, rt, now
	}
	if now >= iv.next {
		at := iv.next
		iv.next += int64(iv.period)
		if iv.armed {
			iv.armed = false
			rt.timers.cancel(&iv.entry)
		}
		return Ready(rt.timeAt(at))
	}
	rt.timers.register(&iv.entry, iv.next, cx.Waker())
	iv.armed = true
	return Pending[time.Time]()
}

// Drop disarms the interval's timer.
func (t *intervalTick) Drop() {
	if iv := t.iv; iv.armed {
		iv.armed = false
		iv.rt.timers.cancel(&iv.entry)
	}
	if t.iv.fb != nil {
		t.iv.fb.stop()
		t.iv.fb = nil
	}
}

func (iv *Interval) pollFallback(cx *Context) Poll[time.Time] {
	now := time.Now()
	if !iv.started {
		iv.started, iv.fbNext = true, now
	}
	if iv.fb == nil && now.Before(iv.fbNext) {
		iv.fb = newFallbackTimer(iv.fbNext.Sub(now))
	}
	if iv.fb == nil || iv.fb.poll(cx.Waker()) {
		iv.fb = nil
		at := iv.fbNext
		iv.fbNext = iv.fbNext.Add(iv.period)
		return Ready(at)
	}
	return Pending[time.Time]()
}
